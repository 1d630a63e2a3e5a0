package dev.defuse.cli.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.util.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Printing helpers shared by the training and benchmark commands. */
final class Output {

  private static final ObjectMapper JSON = Json.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Output() {
  }

  static void json(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output: " + e.getMessage(), e);
    }
  }

  /** The JSON result of a training command: id, where it was stored, extras, the full manifest. */
  static Map<String, Object> result(ModelArtifact model, List<String> locations, Map<String, Object> extra) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("modelId", model.modelId());
    result.put("locations", locations);
    result.putAll(extra);
    result.put("manifest", model.manifest());
    return result;
  }

  static String percent(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100 * value);
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
