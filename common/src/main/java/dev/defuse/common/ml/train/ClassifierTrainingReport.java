package dev.defuse.common.ml.train;

import java.util.List;

/**
 * A classifier training run: settings, split sizes, every epoch, and the epoch kept ({@link EpochSelection}).
 */
public record ClassifierTrainingReport(
        ClassifierTrainingConfig config, int trainImages, int validationImages, List<ClassifierEpochMetrics> epochs,
        int bestEpoch, double seconds) implements TrainingReport {

    public ClassifierTrainingReport {
        epochs = List.copyOf(epochs);
    }

    /** The kept epoch's metrics. */
    public ClassifierEpochMetrics best() {
        return epochs.get(bestEpoch - 1);
    }
}
