package dev.defuse.common.ml.eval;

import java.util.List;

/**
 * How good a β-VAE is for identification, measured on test images after training.
 *
 * @param testImages                  images evaluated
 * @param reconstructionBce           mean per image of the binary cross-entropy between x and decode(z), z sampled
 *                                    from q(z|x), summed over pixels (nats)
 * @param klPerImage                  mean per image of KL(q(z|x) ‖ N(0, I)) (nats)
 * @param activeLatentDims            latent dimensions u with Var_x(E_q[z_u]) = Var_x(μ_u(x)) above the threshold
 *                                    (Burda et al. 2016); the others carry no information about x
 * @param activeThreshold             the variance threshold (0.01)
 * @param latentMeanVariances         Var_x(μ_u(x)) for every dimension u
 * @param classifierModelId           classifier used for the next two values ({@code null}: not measured)
 * @param classifierAccuracy          that classifier's accuracy on the original test images
 * @param reconstructionAccuracy      that classifier's accuracy on decode(μ(x)) against the true labels: if this is
 *                                    low, "mistakes" found by identification are mostly blurry reconstructions
 */
public record VaeQualityReport(
        int testImages, double reconstructionBce, double klPerImage, int activeLatentDims, double activeThreshold,
        List<Double> latentMeanVariances, String classifierModelId, Double classifierAccuracy,
        Double reconstructionAccuracy) {

    public VaeQualityReport {
        latentMeanVariances = List.copyOf(latentMeanVariances);
    }
}
