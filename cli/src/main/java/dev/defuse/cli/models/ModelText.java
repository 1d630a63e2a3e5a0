package dev.defuse.cli.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Locale;

/** Text and JSON rendering shared by the models commands. */
final class ModelText {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelText() {
  }

  static void json(PrintWriter out, JsonNode node) {
    try {
      out.println(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output: " + e.getMessage(), e);
    }
  }

  /** A metric as a percentage ({@code 98.31 %}), or {@code -} when absent. */
  static String percent(JsonNode metrics, String name) {
    JsonNode value = metrics == null ? null : metrics.get(name);
    return value == null || !value.isNumber() ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * value.asDouble());
  }

  /** {@code base → after} of a metric with a {@code base_} counterpart, else the metric alone. */
  static String change(JsonNode metrics, String name) {
    String after = percent(metrics, name);
    String before = percent(metrics, "base_" + name);
    return before.equals("-") ? after : before + " → " + after;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? "-" : value.asText();
  }
}
