package dev.defuse.common.ml.train;

/**
 * One β-VAE epoch: per-image means of the reconstruction BCE (summed over pixels) and KL, the training objective
 * (with the annealed β_t), β_t at the end of the epoch, and the validation values at the full β ({@code null}
 * without a validation split).
 */
public record VaeEpochMetrics(
        int epoch, double trainLoss, double trainBce, double trainKl, double betaAtEnd,
        Double validationLoss, Double validationBce, Double validationKl, double seconds) {
}
