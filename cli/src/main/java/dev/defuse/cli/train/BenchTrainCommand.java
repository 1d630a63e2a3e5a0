package dev.defuse.cli.train;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.train.ClassifierEpochMetrics;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.ml.train.VaeEpochMetrics;
import dev.defuse.common.ml.train.VaeTrainer;
import dev.defuse.common.ml.train.VaeTrainingConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./defuse bench train}: seconds per training epoch of the paper's classifier and β-VAE on the MNIST
 * training set, for one or more intra-op thread counts. A benchmark, not a test: figures depend on the machine and
 * its load, which is reported alongside.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
        "Measure seconds per training epoch of the classifier and the β-VAE (no validation pass, nothing stored).",
        "Example: ./defuse bench train --epochs 2 --threads 1,2"})
public final class BenchTrainCommand implements Callable<Integer> {

  /** One measured configuration. */
  public record Measurement(String model, int threads, int images, int batchSize, List<Double> epochSeconds,
                            double meanSecondsPerEpoch, double imagesPerSecond, double cpuSecondsPerEpoch,
                            double loadBefore, double loadAfter) {
  }

  @Mixin DatasetOptions data;
  @Mixin EngineOptions engine;

  @Spec CommandSpec spec;

  @Option(names = "--epochs", defaultValue = "2", description = "Epochs per model (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--models", split = ",", defaultValue = "classifier,vae",
      description = "Models to time: classifier, vae (default ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(names = "--thread-counts", split = ",", paramLabel = "N[,N…]",
      description = "Intra-op thread counts to compare (default: --threads).")
  List<Integer> threadCounts;

  @Option(names = "--json", description = "Print the measurements as JSON on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return CliFailures.run(err, () -> bench(out, err));
  }

  private int bench(PrintWriter out, PrintWriter err) {
    err.println("engine: " + engine.start());
    LabeledImages train = data.train();
    err.println("data: " + data.describe() + ": " + train);
    int classes = train.classes().stream().mapToInt(ClassInfo::id).max().orElse(0) + 1;
    List<Integer> counts = threadCounts == null || threadCounts.isEmpty() ? List.of(engine.threads) : threadCounts;
    List<Measurement> results = new ArrayList<>();
    for (int threads : counts) {
      TorchRuntime.start(engine.settings().withIntraOpThreads(threads));
      for (String model : models) {
        Measurement m = switch (model.trim().toLowerCase(Locale.ROOT)) {
          case "classifier" -> classifier(train, classes, threads);
          case "vae" -> vae(train, threads);
          default -> throw new IllegalArgumentException("unknown model '" + model + "': use classifier or vae");
        };
        err.println(line(m));
        results.add(m);
      }
    }
    if (json) {
      Output.json(out, Map.of("date", Instant.now().toString(), "engine", TorchRuntime.describe(TorchRuntime.engine()),
          "measurements", results));
    } else {
      out.println(String.format(Locale.ROOT, "%-10s %7s %7s %10s %12s %12s %7s %13s", "model", "threads", "images",
          "s/epoch", "CPU s/epoch", "images/s", "epochs", "load avg"));
      for (Measurement m : results) {
        out.println(String.format(Locale.ROOT, "%-10s %7d %7d %10.2f %12.2f %12.0f %7d %6.2f->%-6.2f", m.model(),
            m.threads(), m.images(), m.meanSecondsPerEpoch(), m.cpuSecondsPerEpoch(), m.imagesPerSecond(),
            m.epochSeconds().size(), m.loadBefore(), m.loadAfter()));
      }
    }
    return 0;
  }

  private Measurement classifier(LabeledImages train, int classes, int threads) {
    ClassifierTrainingConfig config = ClassifierTrainingConfig.defaults().withEpochs(epochs).withValidationFraction(0);
    double load = load();
    long cpu = cpuNanos();
    List<ClassifierEpochMetrics> history = new ClassifierTrainer(ProgressListener.silent())
        .train("bench-classifier", ClassifierArchitecture.paper(train.channels(), train.height(), classes), train,
            config)
        .report().epochs();
    return measurement("classifier", threads, train.size(), config.batchSize(),
        history.stream().map(ClassifierEpochMetrics::seconds).toList(), cpu, load);
  }

  private Measurement vae(LabeledImages train, int threads) {
    VaeTrainingConfig config = VaeTrainingConfig.defaults().withEpochs(epochs).withValidationFraction(0);
    int width = train.channels() == 1 ? VaeArchitecture.SMALL_FILTERS : VaeArchitecture.WIDE_FILTERS;
    double load = load();
    long cpu = cpuNanos();
    List<VaeEpochMetrics> history = new VaeTrainer(ProgressListener.silent())
        .train("bench-vae", VaeArchitecture.paper(train.channels(), train.height(), 10, width), train, config)
        .report().epochs();
    return measurement("vae", threads, train.size(), config.batchSize(),
        history.stream().map(VaeEpochMetrics::seconds).toList(), cpu, load);
  }

  /**
   * @param cpuBefore process CPU time before the run; the run's CPU time covers setup and the epochs (nothing else:
   *                  no validation, nothing stored), divided evenly over the epochs
   */
  private static Measurement measurement(String model, int threads, int images, int batchSize, List<Double> seconds,
                                         long cpuBefore, double loadBefore) {
    double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double cpuPerEpoch = (cpuNanos() - cpuBefore) / 1e9 / seconds.size();
    return new Measurement(model, threads, images, batchSize, seconds, mean, images / mean, cpuPerEpoch, loadBefore,
        load());
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** CPU time of this process (all threads, libtorch's included): what the work costs on idle cores. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String line(Measurement m) {
    return String.format(Locale.ROOT, "%s, %d thread(s): %.2f s/epoch (%s), %.2f CPU s/epoch, %.0f images/s",
        m.model(), m.threads(), m.meanSecondsPerEpoch(),
        m.epochSeconds().stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(), m.cpuSecondsPerEpoch(),
        m.imagesPerSecond());
  }
}
