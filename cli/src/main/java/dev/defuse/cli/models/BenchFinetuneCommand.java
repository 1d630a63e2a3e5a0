package dev.defuse.cli.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defuse.cli.train.DatasetOptions;
import dev.defuse.cli.train.EngineOptions;
import dev.defuse.cli.train.ModelStoreOptions;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchUnavailableException;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.ml.train.ClassifierEpochMetrics;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.FineTuner;
import dev.defuse.common.ml.train.FineTuningConfig;
import dev.defuse.common.ml.train.FineTuningReport;
import dev.defuse.common.ml.train.FineTuningResult;
import dev.defuse.common.ml.train.LearningRateSchedule;
import dev.defuse.common.ml.train.OptimizerKind;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.store.ObjectStoreException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 * {@code ./defuse bench finetune}: seconds per fine-tuning epoch on L(D) + λ·L(D_f) as the correction service runs
 * one sweep point (batch 256 of D plus a batch of D_f every step, Adam 1e-3, validation after each epoch), and the
 * seconds of the point's evaluation (test set, validation set, region test set). From them it projects what a sweep
 * costs on this machine. D_f is a real failure mode of the base model: colour-inverted training images with their
 * true labels.
 */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    description = {
        "Measure seconds per fine-tuning epoch of one correction sweep point (L(D) + λ·L(D_f), batch 256 + 256, "
            + "Adam 1e-3) and of its evaluation, and project the cost of a λ sweep.",
        "Example: ./defuse bench finetune --epochs 2 --json"})
public final class BenchFinetuneCommand implements Callable<Integer> {

  /** The paper's grid: 14 λ (1e-10 … 1000), two variants (Defuse and baseline), 3 epochs. */
  private static final int PAPER_LAMBDAS = 14;
  private static final int PAPER_EPOCHS = 3;

  @Mixin DatasetOptions data;
  @Mixin EngineOptions engine;
  @Mixin ModelStoreOptions storage;

  @Spec CommandSpec spec;

  @Option(names = "--base", paramLabel = "ID",
      description = "Base classifier to fine-tune (local model folder, else the object store). Default: train the "
          + "paper's classifier for --base-epochs first (not timed).")
  String baseModel;

  @Option(names = "--base-epochs", defaultValue = "1",
      description = "Epochs of the base classifier trained when --base is not given (default ${DEFAULT-VALUE}).")
  int baseEpochs;

  @Option(names = "--epochs", defaultValue = "2", description = "Fine-tuning epochs to time (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--lambda", defaultValue = "1.0", description = "λ (default ${DEFAULT-VALUE}; the cost does not "
      + "depend on it).")
  double lambda;

  @Option(names = "--failure-images", defaultValue = "2560",
      description = "Size of D_f (default ${DEFAULT-VALUE}: ten regions of 256 finetune samples).")
  int failureImages;

  @Option(names = "--batch-size", defaultValue = "256",
      description = "Images of D per step, and of D_f (default ${DEFAULT-VALUE}, the paper's).")
  int batchSize;

  @Option(names = "--validation-fraction", defaultValue = "0.1",
      description = "Share of the training images held out for validation (default ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(names = "--learning-rate", defaultValue = "1e-3",
      description = "Adam's (initial) learning rate (default ${DEFAULT-VALUE}, the paper's).")
  double learningRate;

  @Option(names = "--schedule", defaultValue = "constant",
      description = "Learning-rate schedule: constant (the paper's and correction's default) or cosine (annealed to "
          + "1 %% over the run; default ${DEFAULT-VALUE}).")
  String schedule;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the split and the shuffles (default 0).")
  long seed;

  @Option(names = "--json", description = "Print the measurement as JSON on stdout.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ModelStoreOptions store = storage) {
      return bench(out, err);
    } catch (TorchUnavailableException | ModelLoadException | ModelNotFoundException | ObjectStoreException
             | IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private int bench(PrintWriter out, PrintWriter err) {
    err.println("engine: " + engine.start());
    LabeledImages all = data.train();
    LabeledImages test = data.test();
    if (test == null) {
      throw new IllegalArgumentException("the dataset has no test split; the evaluation needs one");
    }
    LabeledImages.Split split = all.split(validationFraction, seed);
    LabeledImages validation = split.first();
    LabeledImages train = split.second();
    LabeledImages failures = inverted(train.slice(0, Math.min(failureImages, train.size())));
    err.printf(Locale.ROOT, "data: %s: D %d, validation %d, D_f %d (inverted training images), test %d%n",
        data.describe(), train.size(), validation.size(), failures.size(), test.size());

    ModelArtifact base = base(all, err);
    FineTuningConfig config = new FineTuningConfig(lambda, epochs, batchSize, batchSize,
        learningRate, OptimizerKind.ADAM, LearningRateSchedule.parse(schedule), seed);
    double loadBefore = load();
    long cpuStart = cpuNanos();
    FineTuningResult tuned = new FineTuner(new ProgressListener() {
      @Override
      public void onEpoch(int epoch, int total, Map<String, Double> metrics) {
        err.printf(Locale.ROOT, "epoch %d/%d: %.2f s%n", epoch, total, metrics.get("seconds"));
      }
    }).fineTune("bench-finetuned", base, train, failures, validation, config);
    FineTuningReport report = tuned.report();
    double cpuPerEpoch = (cpuNanos() - cpuStart) / 1e9 / epochs;

    // what a sweep point evaluates: the test set, the validation set and the region test set (here D_f's size)
    double testAccuracy;
    double failureAccuracy;
    double baseTestAccuracy;
    try (ClassifierRunner runner = ClassifierRunner.open(base)) {
      baseTestAccuracy = runner.accuracy(test); // not timed: what fine-tuning keeps or loses
    }
    long start = System.nanoTime();
    long evalCpuStart = cpuNanos();
    try (ClassifierRunner runner = ClassifierRunner.open(tuned.model())) {
      testAccuracy = runner.accuracy(test);
      runner.accuracy(validation);
      failureAccuracy = runner.accuracy(failures);
    }
    double evaluationSeconds = (System.nanoTime() - start) / 1e9;
    double evaluationCpuSeconds = (cpuNanos() - evalCpuStart) / 1e9;

    List<Double> seconds = report.epochs().stream().map(ClassifierEpochMetrics::seconds).toList();
    double perEpoch = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double perPoint = PAPER_EPOCHS * perEpoch + evaluationSeconds;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("date", Instant.now().toString());
    result.put("engine", TorchRuntime.describe(TorchRuntime.engine()));
    result.put("trainImages", train.size());
    result.put("validationImages", validation.size());
    result.put("failureImages", failures.size());
    result.put("testImages", test.size());
    result.put("batchSize", batchSize);
    result.put("epochSeconds", seconds);
    result.put("secondsPerEpoch", perEpoch);
    result.put("cpuSecondsPerEpoch", cpuPerEpoch);
    result.put("trainImagesPerSecond", train.size() / perEpoch);
    result.put("evaluationSeconds", evaluationSeconds);
    result.put("evaluationCpuSeconds", evaluationCpuSeconds);
    result.put("schedule", config.schedule().id());
    result.put("baseTestAccuracy", baseTestAccuracy);
    result.put("learningRate", learningRate);
    result.put("fineTunedTestAccuracy", testAccuracy);
    result.put("fineTunedFailureAccuracy", failureAccuracy);
    result.put("secondsPerPoint3Epochs", perPoint);
    result.put("paperSweepMinutes", 2 * PAPER_LAMBDAS * perPoint / 60);
    result.put("loadAverageBefore", loadBefore);
    result.put("loadAverageAfter", load());
    if (json) {
      try {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write JSON output: " + e.getMessage(), e);
      }
    } else {
      out.printf(Locale.ROOT, "fine-tuning: %.2f s/epoch (%s; %.2f CPU s/epoch), %.0f images of D/s (+ one D_f "
          + "batch per step)%n", perEpoch, seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(),
          cpuPerEpoch, train.size() / perEpoch);
      out.printf(Locale.ROOT, "evaluation of a point (test %d, validation %d, region %d images): %.2f s (%.2f CPU s)%n",
          test.size(), validation.size(), failures.size(), evaluationSeconds, evaluationCpuSeconds);
      out.printf(Locale.ROOT, "test accuracy: base %.2f %%, fine-tuned (%s, best epoch by validation) %.2f %%%n",
          100 * baseTestAccuracy, config.schedule().id(), 100 * testAccuracy);
      out.printf(Locale.ROOT, "one sweep point with %d epochs: %.1f s; the paper's grid (%d λ × 2 variants): %.1f min "
          + "on one replica%n", PAPER_EPOCHS, perPoint, PAPER_LAMBDAS, 2 * PAPER_LAMBDAS * perPoint / 60);
      out.printf(Locale.ROOT, "load average %.2f -> %.2f%n", loadBefore, load());
    }
    return 0;
  }

  private ModelArtifact base(LabeledImages all, PrintWriter err) {
    if (baseModel != null) {
      ModelArtifact loaded = storage.load(baseModel);
      err.println("base: " + baseModel);
      return loaded;
    }
    int classes = all.classes().stream().mapToInt(ClassInfo::id).max().orElse(0) + 1;
    long start = System.nanoTime();
    ModelArtifact trained = new ClassifierTrainer(ProgressListener.silent()).train("bench-base",
        ClassifierArchitecture.paper(all.channels(), all.height(), classes), all,
        ClassifierTrainingConfig.defaults().withEpochs(baseEpochs)).model();
    err.printf(Locale.ROOT, "base: the paper's classifier trained for %d epoch(s) in %.1f s (not timed)%n", baseEpochs,
        (System.nanoTime() - start) / 1e9);
    return trained;
  }

  /** Colour-inverted copies with the true labels: images the base model mostly gets wrong. */
  private static LabeledImages inverted(LabeledImages images) {
    float[] pixels = images.pixels().clone();
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = 1f - pixels[i];
    }
    return new LabeledImages(images.shape(), pixels, images.labels(), images.classes());
  }

  /** CPU time of this process: with the machine shared, it shows what the work itself costs. */
  private static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
