package dev.defuse.common.ml.train;

import java.util.List;

/**
 * A fine-tuning run on L(D) + λ·L(D_f) from a base classifier: settings, data sizes, every epoch, the epoch kept
 * (highest validation accuracy, earliest on ties).
 */
public record FineTuningReport(
        FineTuningConfig config, String baseModelId, int trainImages, int failureImages, int validationImages,
        List<ClassifierEpochMetrics> epochs, int bestEpoch, double seconds) implements TrainingReport {

    public FineTuningReport {
        epochs = List.copyOf(epochs);
    }

    /** The kept epoch's metrics. */
    public ClassifierEpochMetrics best() {
        return epochs.get(bestEpoch - 1);
    }
}
