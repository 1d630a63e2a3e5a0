package dev.defuse.common.ml.train;

/**
 * One classifier epoch. Validation values are {@code null} without a validation split. For fine-tuning,
 * {@code failureLoss} and {@code failureAccuracy} are the running values on the D_f batches ({@code null} otherwise).
 */
public record ClassifierEpochMetrics(
        int epoch, double trainLoss, double trainAccuracy, Double failureLoss, Double failureAccuracy,
        Double validationLoss, Double validationAccuracy, double seconds) {
}
