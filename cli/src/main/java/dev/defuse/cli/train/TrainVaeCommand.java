package dev.defuse.cli.train;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.train.VaeEpochMetrics;
import dev.defuse.common.ml.train.VaeTrainer;
import dev.defuse.common.ml.train.VaeTrainingConfig;
import dev.defuse.common.ml.train.VaeTrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./defuse train vae}: the paper's β-VAE, then its quality on the test split (reconstruction BCE, KL, active
 * latent dimensions, and a classifier's accuracy on the reconstructions) and a PNG of originals over
 * reconstructions.
 */
@Command(
    name = "vae",
    mixinStandardHelpOptions = true,
    description = {
        "Train the paper's β-VAE (encoder 3 × conv 4×4/2, FC 256, FC 256, FC 2K; decoder FC 256 × 3, 3 × transposed "
            + "conv 4×4/2, sigmoid) on BCE + β·KL with linear KL annealing, measure it on the test split and store it.",
        "Example: ./defuse train vae --latent 10 --beta 4 --classifier mnist-classifier --model-id mnist-vae"})
public final class TrainVaeCommand implements Callable<Integer> {

  @Mixin DatasetOptions data;
  @Mixin ModelStoreOptions storage;
  @Mixin EngineOptions engine;

  @Mixin TrainingOptions training;
  @Mixin WidthOptions width;

  @Spec CommandSpec spec;

  @Option(names = "--latent", paramLabel = "K", defaultValue = "10", description = "Latent dimensions (default ${DEFAULT-VALUE}).")
  int latent;

  @Option(names = "--beta", defaultValue = "" + VaeTrainingConfig.DEFAULT_BETA,
      description = "Weight of the KL term (paper: 4 or 0.4; default ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--kl-anneal-steps", paramLabel = "N", defaultValue = "" + VaeTrainingConfig.DEFAULT_KL_ANNEAL_STEPS,
      description = "Optimizer steps over which β rises linearly from 0 (default ${DEFAULT-VALUE}; 0: no annealing).")
  int klAnnealSteps;

  @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + VaeTrainingConfig.DEFAULT_LEARNING_RATE,
      description = "Adam learning rate (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--classifier", paramLabel = "MODEL_ID",
      description = "Classifier whose accuracy on the test reconstructions decode(μ(x)) is measured and stored.")
  String classifierId;

  @Option(names = "--grid", paramLabel = "FILE.png",
      description = "Where to write originals over reconstructions (default <repository>/.defuse/reports/<model-id>-reconstructions.png).")
  Path grid;

  @Override
  public Integer call() throws Exception {
    return CliFailures.run(spec, storage, this::train);
  }

  private int train(PrintWriter out, PrintWriter err) throws IOException {
    VaeTrainingConfig config = new VaeTrainingConfig(training.epochsOr(VaeTrainingConfig.DEFAULT_EPOCHS),
        training.batchSize, learningRate, beta, klAnnealSteps, training.validationFraction, training.seed);
    String id = training.modelIdOr("vae");
    storage.targets();
    err.println("engine: " + engine.start());
    ModelArtifact classifier = classifierId == null ? null : storage.load(classifierId);
    LabeledImages train = data.train();
    LabeledImages test = data.test();
    int filters = width.filtersOr(
        train.channels() == 1 ? VaeArchitecture.SMALL_FILTERS : VaeArchitecture.WIDE_FILTERS);
    VaeArchitecture paper = VaeArchitecture.paper(train.channels(), train.height(), latent, filters);
    VaeArchitecture architecture = new VaeArchitecture(paper.input(), latent, filters, width.hidden);
    err.println("data: " + data.describe() + ": " + train + (test == null ? ", no test split" : ", test " + test));
    err.println("training " + id + ": " + config);

    VaeTrainingResult result = new VaeTrainer(ProgressBar.on(err)).train(id, architecture, train, config);
    VaeEvaluation.Outcome evaluated =
        VaeEvaluation.run(result.model(), classifier, test, train, grid, training.seed, err);
    List<String> locations = storage.save(evaluated.model());

    VaeEpochMetrics best = result.report().best();
    if (training.json) {
      Output.json(out, Output.result(evaluated.model(), locations,
          Map.of("grid", evaluated.grid().toAbsolutePath().toString())));
    } else {
      out.println("model " + id + ": best epoch " + result.report().bestEpoch() + "/" + config.epochs()
          + ", validation loss " + (best.validationLoss() == null ? "n/a" : Output.number(best.validationLoss()))
          + ", trained in " + Output.number(result.report().seconds()) + " s");
      VaeEvaluation.print(out, evaluated);
      locations.forEach(location -> out.println("stored at " + location));
    }
    return 0;
  }
}
