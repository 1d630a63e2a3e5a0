package dev.defuse.cli.annotators;

import dev.defuse.cli.train.DatasetOptions;
import dev.defuse.cli.train.EngineOptions;
import dev.defuse.cli.train.ModelStoreOptions;
import dev.defuse.common.data.DatasetFormatException;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.TorchUnavailableException;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.store.ObjectStoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse annotators simulate}: a simulated vendor labeling through the public vendor API. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Act as an external annotator vendor: authenticate with the vendor's API key, lease tasks for several "
            + "annotators, look at each image and post labels over HTTP.",
        "The annotators' truth is an oracle ensemble trained on the training split only (other seeds and more epochs "
            + "than the base classifier; reused when stored). Each annotator slips with --error-rate and answers "
            + "none_of_the_above when the oracle's top probability is below --unsure-below.",
        "Example: ./defuse annotators simulate --api-key dfv_… --data datasets/mnist --idle-timeout 60s"})
public final class SimulateCommand implements Callable<Integer> {

  @Mixin DatasetOptions data;
  @Mixin ModelStoreOptions storage;
  @Mixin EngineOptions engine;
  @Mixin OracleOptions oracle;
  @Mixin PolicyOptions policy;

  @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:DEFUSE_LABELING_URL:-http://localhost:8083}",
      description = "Labeling service base URL (env DEFUSE_LABELING_URL; default ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:DEFUSE_VENDOR_API_KEY}",
      description = "The vendor's API key, dfv_… (env DEFUSE_VENDOR_API_KEY; create one with ./defuse vendors create).")
  String apiKey;

  @Option(names = "--job", paramLabel = "JOB_ID", description = "Only tasks of this job (default: any job).")
  String jobId;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "20",
      description = "Tasks leased and posted per request (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--annotator-prefix", paramLabel = "ID", defaultValue = "sim",
      description = "Annotator ids are ID-1 … ID-N (default ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
      description = "Stop after this long without any task, e.g. 30s, 5m; 0 runs until interrupted "
          + "(default ${DEFAULT-VALUE}).")
  String idleTimeout;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "2s",
      description = "Pause between rounds that found no work (default ${DEFAULT-VALUE}).")
  String poll;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ModelStoreOptions store = storage) {
      VendorClient vendor = new VendorClient(url, apiKey);
      err.println("vendor: " + vendor.me().path("vendor").asText() + " at " + url);
      err.println("engine: " + engine.start());
      try (Oracle truth = loadOracle(data, store, oracle.settings(), err)) {
        AnnotatorSimulation.Settings settings = new AnnotatorSimulation.Settings(policy.annotators, prefix,
            policy.policy(), batch, jobId, policy.seed, Durations.parse(idleTimeout, "--idle-timeout"),
            Durations.parse(poll, "--poll"));
        err.println("annotators: " + policy.annotators + " (" + policy.policy() + "), waiting for tasks"
            + (jobId == null ? "" : " of job " + jobId));
        AnnotatorSimulation.Stats stats = new AnnotatorSimulation(vendor, truth, settings, err).run(() -> false);
        out.println("simulated annotators posted " + stats.describe());
      }
      return 0;
    } catch (VendorClient.VendorApiException | TorchUnavailableException | ModelLoadException
             | ModelNotFoundException | DatasetFormatException | ObjectStoreException | IllegalArgumentException
             | IllegalStateException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** Trains or reuses the oracle on the training split and prints its test accuracy. */
  public static Oracle loadOracle(DatasetOptions data, ModelStoreOptions store, OracleTrainer.Settings settings,
      PrintWriter err) {
    LabeledImages train = data.train();
    LabeledImages test = data.test();
    Oracle truth = new Oracle(new OracleTrainer(err, ProgressListener.silent())
        .trainOrLoad(train, test, settings, store.targets()));
    if (test != null) {
      err.println(String.format(Locale.ROOT, "oracle: %d members %s, ensemble test accuracy %.2f %% on %d images",
          truth.memberIds().size(), truth.memberIds(), 100 * truth.accuracy(test), test.size()));
    } else {
      err.println("oracle: " + truth.memberIds() + " (the dataset has no test split to evaluate it on)");
    }
    return truth;
  }
}
