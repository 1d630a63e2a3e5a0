package dev.defuse.cli.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./defuse labels …}: labeling results. */
@Command(name = "labels", mixinStandardHelpOptions = true,
    description = "Labeling results of a job (labeling-service admin API).",
    subcommands = {LabelsCommand.Agreement.class})
public final class LabelsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "agreement", mixinStandardHelpOptions = true,
      description = "Annotator agreement of a job (paper Fig. 7): per item the share of annotators who voted its"
          + " majority label; mean ± standard error.")
  static final class Agreement extends VendorsCommand.AdminCall {
    @Option(names = "--job", required = true, paramLabel = "JOB_ID", description = "The job.")
    String jobId;

    @Override
    void run(LabelingAdminClient client, PrintWriter out) {
      JsonNode a = client.agreement(jobId);
      out.printf("job %s: %d of %s regions decided, %d items complete (%d without a label)%n", jobId,
          a.get("regionsDecided").asInt(), a.get("regionsExpected").isNull() ? "?" : a.get("regionsExpected").asText(),
          a.get("itemsComplete").asInt(), a.get("itemsWithoutLabel").asInt());
      out.printf("%-32s %6s %8s %8s%n", "items", "n", "mean", "± s.e.");
      row(out, "misclassification-region items", a.get("misclassificationRegionItems"));
      row(out, "other items", a.get("otherItems"));
      row(out, "all items", a.get("allItems"));
    }

    private static void row(PrintWriter out, String name, JsonNode s) {
      out.printf("%-32s %6d %8s %8s%n", name, s.get("items").asInt(), number(s.get("mean")),
          number(s.get("standardError")));
    }

    private static String number(JsonNode n) {
      return n == null || n.isNull() ? "-" : String.format("%.3f", n.asDouble());
    }
  }
}
