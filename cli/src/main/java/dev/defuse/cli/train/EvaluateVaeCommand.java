package dev.defuse.cli.train;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.model.ModelArtifact;
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
 * {@code ./defuse train evaluate-vae}: (re)measures a stored β-VAE on the test split — e.g. against another
 * classifier — and writes the result into its manifest.
 */
@Command(
    name = "evaluate-vae",
    mixinStandardHelpOptions = true,
    description = {
        "Measure a stored β-VAE on the test split (reconstruction BCE, KL, active latent dimensions and, with "
            + "--classifier, the classifier's accuracy on decode(μ(x))), store the result in its manifest and draw "
            + "originals over reconstructions.",
        "Example: ./defuse train evaluate-vae --vae mnist-vae --classifier mnist-classifier"})
public final class EvaluateVaeCommand implements Callable<Integer> {

  @Mixin DatasetOptions data;
  @Mixin ModelStoreOptions storage;
  @Mixin EngineOptions engine;

  @Spec CommandSpec spec;

  @Option(names = "--vae", paramLabel = "MODEL_ID", required = true, description = "The β-VAE to measure.")
  String vaeId;

  @Option(names = "--classifier", paramLabel = "MODEL_ID",
      description = "Classifier whose accuracy on the test reconstructions is measured.")
  String classifierId;

  @Option(names = "--grid", paramLabel = "FILE.png",
      description = "Where to write originals over reconstructions (default "
          + "<repository>/.defuse/reports/<vae>-reconstructions.png).")
  Path grid;

  @Option(names = "--seed", defaultValue = "" + TrainingOptions.DEFAULT_SEED,
      description = "Seed of the latent samples of the BCE estimate (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return CliFailures.run(spec, storage, this::evaluate);
  }

  private int evaluate(PrintWriter out, PrintWriter err) throws IOException {
    err.println("engine: " + engine.start());
    ModelArtifact vae = storage.load(vaeId);
    if (vae.manifest().kind() != ModelKind.VAE) {
      throw new IllegalArgumentException("model " + vaeId + " is a " + vae.manifest().kind().id() + ", not a vae");
    }
    ModelArtifact classifier = classifierId == null ? null : storage.load(classifierId);
    LabeledImages test = data.test();
    if (test == null) {
      throw new IllegalArgumentException(data.describe() + " has no test split to evaluate on");
    }
    VaeEvaluation.Outcome evaluated = VaeEvaluation.run(vae, classifier, test, test, grid, seed, err);
    List<String> locations = storage.save(evaluated.model());
    if (json) {
      Output.json(out, Output.result(evaluated.model(), locations,
          Map.of("grid", evaluated.grid().toAbsolutePath().toString())));
    } else {
      VaeEvaluation.print(out, evaluated);
      locations.forEach(location -> out.println("updated " + location));
    }
    return 0;
  }
}
