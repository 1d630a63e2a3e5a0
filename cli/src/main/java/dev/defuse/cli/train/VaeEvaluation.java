package dev.defuse.cli.train;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.eval.ReconstructionGrid;
import dev.defuse.common.ml.eval.VaeQualityEvaluator;
import dev.defuse.common.ml.eval.VaeQualityReport;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures a β-VAE on the test split (optionally with a classifier), records the result in its manifest and draws
 * the PNG of originals over reconstructions: shared by {@code train vae} and {@code train evaluate-vae}.
 */
final class VaeEvaluation {

  private static final int GRID_COLUMNS = 16;
  private static final int GRID_ROWS = 2;
  private static final int GRID_SCALE = 2;

  /** The evaluated model and its quality ({@code null} without test images). */
  record Outcome(ModelArtifact model, VaeQualityReport quality, Path grid) {
  }

  private VaeEvaluation() {
  }

  /**
   * @param classifier classifier for the reconstruction accuracy, or {@code null}
   * @param test       test images, or {@code null} (then only the grid is drawn, from {@code fallback})
   * @param grid       the PNG to write, or {@code null} for {@code <repository>/.defuse/reports/<id>-reconstructions.png}
   */
  static Outcome run(ModelArtifact vae, ModelArtifact classifier, LabeledImages test, LabeledImages fallback,
                     Path grid, long seed, PrintWriter err) throws IOException {
    Path gridFile = grid != null ? grid
        : ModelStoreOptions.defuseDirectory().resolve("reports").resolve(vae.modelId() + "-reconstructions.png");
    ModelArtifact model = vae;
    VaeQualityReport quality = null;
    try (VaeRunner vaeRunner = VaeRunner.open(vae);
         ClassifierRunner classifierRunner = classifier == null ? null : ClassifierRunner.open(classifier)) {
      if (test != null) {
        err.println("evaluating on " + test.size() + " test images ...");
        quality = VaeQualityEvaluator.evaluate(vaeRunner, classifierRunner, test, seed);
        model = model.withManifest(model.manifest().withVaeQuality(quality).withMetrics(metrics(quality)));
      }
      LabeledImages shown = test != null ? test : fallback;
      int count = Math.min(GRID_ROWS * GRID_COLUMNS, shown.size());
      LabeledImages sample = shown.slice(0, count);
      ReconstructionGrid.write(gridFile, sample.pixels(), vaeRunner.reconstruct(sample.pixels(), count), count,
          vaeRunner.input(), GRID_COLUMNS, GRID_SCALE);
    }
    return new Outcome(model, quality, gridFile);
  }

  /** One line for people. */
  static void print(PrintWriter out, Outcome outcome) {
    VaeQualityReport quality = outcome.quality();
    if (quality != null) {
      out.println("test: reconstruction BCE " + Output.number(quality.reconstructionBce()) + " nats/image, KL "
          + Output.number(quality.klPerImage()) + " nats/image, active latent dimensions "
          + quality.activeLatentDims() + "/" + quality.latentMeanVariances().size()
          + (quality.reconstructionAccuracy() == null ? ""
              : ", classifier " + quality.classifierModelId() + " accuracy on reconstructions "
                  + Output.percent(quality.reconstructionAccuracy()) + " (on originals "
                  + Output.percent(quality.classifierAccuracy()) + ")"));
    }
    out.println("reconstructions: " + outcome.grid().toAbsolutePath());
  }

  private static Map<String, Double> metrics(VaeQualityReport quality) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("test_reconstruction_bce", quality.reconstructionBce());
    metrics.put("test_kl", quality.klPerImage());
    metrics.put("active_latent_dims", (double) quality.activeLatentDims());
    if (quality.reconstructionAccuracy() != null) {
      metrics.put("reconstruction_accuracy", quality.reconstructionAccuracy());
      metrics.put("classifier_accuracy", quality.classifierAccuracy());
    }
    return metrics;
  }
}
