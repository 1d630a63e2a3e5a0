package dev.defuse.cli.train;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.train.ClassifierEpochMetrics;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ClassifierTrainingResult;
import dev.defuse.common.ml.train.EpochSelection;
import dev.defuse.common.ml.train.LearningRateSchedule;
import dev.defuse.common.ml.train.OptimizerKind;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse train classifier}: the paper's CNN classifier, evaluated on the test split and stored. */
@Command(
    name = "classifier",
    mixinStandardHelpOptions = true,
    description = {
        "Train the paper's classifier (4 × conv 4×4/2 with 64 filters, FC 256, FC 256, FC classes) with "
            + "cross-entropy, keep the best (or last) epoch, report test accuracy and store the model.",
        "Example: ./defuse train classifier --data datasets/mnist --keep last --model-id mnist-classifier"})
public final class TrainClassifierCommand implements Callable<Integer> {

  @Mixin DatasetOptions data;
  @Mixin ModelStoreOptions storage;
  @Mixin EngineOptions engine;

  @Mixin TrainingOptions training;
  @Mixin WidthOptions width;

  @Spec CommandSpec spec;

  @Option(names = "--optimizer", paramLabel = "adam|adadelta", defaultValue = "adam",
      description = "Optimizer (default ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--lr", paramLabel = "RATE",
      description = "Learning rate (default: 1e-3 for adam, 1 for adadelta).")
  Double learningRate;

  @Option(names = "--keep", paramLabel = "best|last", defaultValue = "best",
      description = "Epoch to keep: best validation accuracy (default) or the last one (validation still reported).")
  String keep;

  @Option(names = "--lr-schedule", paramLabel = "cosine|constant", defaultValue = "cosine",
      description = "Learning rate over the run: cosine annealing to 1 % (default) or constant (the paper's literal "
          + "setting; ~0.5 points lower test accuracy on 10k MNIST images, see docs/ml.md).")
  String schedule;

  @Override
  public Integer call() throws Exception {
    return CliFailures.run(spec, storage, this::train);
  }

  private int train(PrintWriter out, PrintWriter err) {
    OptimizerKind kind = OptimizerKind.parse(optimizer);
    ClassifierTrainingConfig config = new ClassifierTrainingConfig(
        training.epochsOr(ClassifierTrainingConfig.DEFAULT_EPOCHS), training.batchSize,
        learningRate == null ? kind.defaultLearningRate() : learningRate, kind, LearningRateSchedule.parse(schedule),
        training.validationFraction, EpochSelection.parse(keep), training.seed);
    String id = training.modelIdOr("classifier");
    storage.targets(); // fail on a bad store configuration before training, not after
    err.println("engine: " + engine.start());
    LabeledImages train = data.train();
    LabeledImages test = data.test();
    int classes = train.classes().stream().mapToInt(ClassInfo::id).max().orElse(0) + 1;
    ImageInput input = ClassifierArchitecture.paper(train.channels(), train.height(), classes).input();
    ClassifierArchitecture architecture = new ClassifierArchitecture(input, classes,
        width.filtersOr(ClassifierArchitecture.PAPER_FILTERS), width.hidden);
    err.println("data: " + data.describe() + ": " + train + (test == null ? ", no test split" : ", test " + test));
    err.println("training " + id + ": " + config);

    ClassifierTrainingResult result = new ClassifierTrainer(ProgressBar.on(err)).train(id, architecture, train, config);
    ModelArtifact model = result.model();
    Double testAccuracy = null;
    if (test != null) {
      try (ClassifierRunner runner = ClassifierRunner.open(model)) {
        testAccuracy = runner.accuracy(test);
      }
      model = model.withManifest(model.manifest().withMetrics(Map.of("test_accuracy", testAccuracy)));
    }
    List<String> locations = storage.save(model);

    ClassifierEpochMetrics best = result.report().best();
    if (training.json) {
      Output.json(out, Output.result(model, locations, Map.of()));
    } else {
      out.println("model " + id + ": best epoch " + result.report().bestEpoch() + "/" + config.epochs()
          + ", validation accuracy " + Output.percent(best.validationAccuracy())
          + ", test accuracy " + Output.percent(testAccuracy)
          + ", trained in " + Output.number(result.report().seconds()) + " s");
      locations.forEach(location -> out.println("stored at " + location));
    }
    return 0;
  }
}
