package dev.defuse.cli.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./defuse models show ID}: one model's metrics (base / baseline / corrected side by side) and lineage. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
        "Show one model: its metrics (for a corrected model: base model, identified-mistakes baseline and Defuse side "
            + "by side, as in the paper's Fig. 4) and its lineage.",
        "Example: ./defuse models show mnist-run-1-defuse"})
public final class ModelsShowCommand implements Callable<Integer> {

  private static final List<String> ROWS = List.of("test_accuracy", "validation_accuracy", "region_accuracy");

  @Mixin CorrectionServiceOptions service;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Model id (see ./defuse models list).")
  String id;

  @Option(names = "--json", description = "Print the service's answer (with the full manifest) as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JsonNode details;
    try {
      details = service.client().model(id);
    } catch (CorrectionClient.ApiException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    if (json) {
      ModelText.json(out, details);
      return 0;
    }
    JsonNode model = details.get("model");
    JsonNode metrics = model.get("metrics");
    out.printf(Locale.ROOT, "model     %s (%s)%n", ModelText.text(model, "modelId"), ModelText.text(model, "kind"));
    out.printf(Locale.ROOT, "created   %s%n", ModelText.text(model, "createdAt"));
    out.printf(Locale.ROOT, "location  %s%n", ModelText.text(details, "location"));
    if (model.hasNonNull("job")) {
      out.printf(Locale.ROOT, "job       %s, fine-tuned from %s%n", ModelText.text(model, "job"),
          ModelText.text(model, "baseModel"));
    }
    out.println();
    if (metrics.has("base_test_accuracy")) {
      comparison(out, metrics);
    } else {
      out.println("metrics");
      metrics.fieldNames().forEachRemaining(name ->
          out.printf(Locale.ROOT, "  %-30s %s%n", name, metrics.get(name).asText()));
    }
    out.println();
    out.println("lineage");
    JsonNode lineage = model.get("lineage");
    lineage.fieldNames().forEachRemaining(name ->
        out.printf(Locale.ROOT, "  %-26s %s%n", name, lineage.get(name).asText()));
    return 0;
  }

  /** The paper's Fig. 4 layout: rows are metrics, columns base / baseline / Defuse. */
  private static void comparison(PrintWriter out, JsonNode metrics) {
    List<String> rows = new ArrayList<>(ROWS);
    TreeSet<String> regions = new TreeSet<>((a, b) -> Integer.compare(regionId(a), regionId(b)));
    metrics.fieldNames().forEachRemaining(name -> {
      if (name.matches("region_\\d+_accuracy")) {
        regions.add(name);
      }
    });
    rows.addAll(regions);
    boolean baseline = metrics.has("baseline_test_accuracy");
    String format = "  %-22s %12s %12s %12s%n";
    out.printf(Locale.ROOT, format, "", "base", baseline ? "baseline" : "", "defuse");
    for (String row : rows) {
      out.printf(Locale.ROOT, format, row.replace('_', ' '), ModelText.percent(metrics, "base_" + row),
          baseline ? ModelText.percent(metrics, "baseline_" + row) : "", ModelText.percent(metrics, row));
    }
    out.printf(Locale.ROOT, format, "lambda", "", baseline ? metrics.get("baseline_lambda").asText() : "",
        metrics.get("lambda").asText());
  }

  private static int regionId(String metric) {
    return Integer.parseInt(metric.substring("region_".length(), metric.length() - "_accuracy".length()));
  }
}
