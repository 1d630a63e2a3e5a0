package dev.defuse.cli.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse models list}: every model version, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
        "List the models of the registry, newest first: fine-tuned models with their λ and test / region accuracy "
            + "(base → corrected), base models with their own metrics.",
        "Example: ./defuse models list --job mnist-run-1"})
public final class ModelsListCommand implements Callable<Integer> {

  @Mixin CorrectionServiceOptions service;

  @Spec CommandSpec spec;

  @Option(names = "--job", paramLabel = "JOB", description = "Only the models of this correction job.")
  String job;

  @Option(names = "--json", description = "Print the service's answer as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JsonNode models;
    try {
      models = service.client().models(job);
    } catch (CorrectionClient.ApiException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    if (json) {
      ModelText.json(out, models);
      return 0;
    }
    if (models.isEmpty()) {
      out.println(job == null ? "no models in the registry" : "no models of job " + job);
      return 0;
    }
    String format = "%-32s %-10s %-20s %-9s %-20s %-20s %s%n";
    out.printf(Locale.ROOT, format, "MODEL", "KIND", "CREATED", "LAMBDA", "TEST ACCURACY", "REGION ACCURACY", "JOB");
    for (JsonNode m : models) {
      JsonNode metrics = m.get("metrics");
      String created = ModelText.text(m, "createdAt");
      out.printf(Locale.ROOT, format, ModelText.text(m, "modelId"), ModelText.text(m, "kind"),
          created.length() > 19 ? created.substring(0, 19).replace('T', ' ') : created,
          metrics != null && metrics.has("lambda") ? metrics.get("lambda").asText() : "-",
          ModelText.change(metrics, "test_accuracy"), ModelText.change(metrics, "region_accuracy"),
          ModelText.text(m, "job"));
    }
    return 0;
  }
}
