package dev.defuse.common.ml.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.BetaVaeBlock;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.ml.train.BetaVaeLoss;
import dev.defuse.common.util.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures a trained β-VAE on test images: reconstruction BCE and KL per image, active latent dimensions, and —
 * given a classifier — how often the classifier still recognises decode(μ(x)). That last number decides whether
 * identification finds real model errors: if reconstructions are not recognisable, most "mistakes" are just blur.
 */
public final class VaeQualityEvaluator {

    /** Burda et al. (2016): a unit u is active if Var_x(E_q[z_u | x]) exceeds 0.01. */
    public static final double ACTIVE_THRESHOLD = 0.01;

    private VaeQualityEvaluator() {
    }

    /**
     * Evaluates {@code vae} on {@code test}.
     *
     * @param classifier classifier for the reconstruction accuracy, or {@code null} to skip it
     * @param seed       seeds the latent samples of the BCE estimate
     */
    public static VaeQualityReport evaluate(VaeRunner vae, ClassifierRunner classifier, LabeledImages test, long seed) {
        Require.check(test.size() > 0, "no test images");
        int k = vae.latentSize();
        int per = vae.input().pixelsPerImage();
        SplittableRandom random = new SplittableRandom(seed);
        double bceSum = 0;
        double klSum = 0;
        double[] meanSum = new double[k];
        double[] meanSquareSum = new double[k];
        int[] reconstructionPredictions = new int[test.size()];
        int[] originalPredictions = new int[test.size()];
        float[] pixels = test.pixels();
        for (int from = 0; from < test.size(); from += vae.batchSize()) {
            int n = Math.min(vae.batchSize(), test.size() - from);
            try (NDManager manager = vae.newManager()) {
                float[] chunk = new float[n * per];
                System.arraycopy(pixels, from * per, chunk, 0, chunk.length);
                NDArray x = manager.create(chunk, vae.input().batchShape(n));
                NDList stats = vae.encode(x);
                NDArray mu = stats.get(0);
                NDArray logVar = stats.get(1);
                float[] noise = new float[n * k];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) random.nextGaussian();
                }
                NDArray z = BetaVaeBlock.sample(mu, logVar, manager.create(noise, new Shape(n, k)));
                bceSum += BetaVaeLoss.bcePerImage(vae.decodeLogits(z), x).sum().getFloat();
                klSum += BetaVaeLoss.klPerImage(mu, logVar).sum().getFloat();
                float[] means = mu.toFloatArray();
                for (int i = 0; i < n; i++) {
                    for (int u = 0; u < k; u++) {
                        double m = means[i * k + u];
                        meanSum[u] += m;
                        meanSquareSum[u] += m * m;
                    }
                }
                if (classifier != null) {
                    System.arraycopy(classifier.predict(vae.decode(mu)), 0, reconstructionPredictions, from, n);
                    System.arraycopy(classifier.predict(x), 0, originalPredictions, from, n);
                }
            }
        }
        int count = test.size();
        List<Double> variances = new ArrayList<>(k);
        int active = 0;
        for (int u = 0; u < k; u++) {
            double mean = meanSum[u] / count;
            double variance = Math.max(0, meanSquareSum[u] / count - mean * mean);
            variances.add(variance);
            if (variance > ACTIVE_THRESHOLD) {
                active++;
            }
        }
        Double classifierAccuracy = null;
        Double reconstructionAccuracy = null;
        if (classifier != null) {
            classifierAccuracy = ClassifierRunner.accuracy(originalPredictions, test.labels());
            reconstructionAccuracy = ClassifierRunner.accuracy(reconstructionPredictions, test.labels());
        }
        return new VaeQualityReport(count, bceSum / count, klSum / count, active, ACTIVE_THRESHOLD, variances,
                classifier == null ? null : classifier.manifest().modelId(), classifierAccuracy,
                reconstructionAccuracy);
    }
}
