package dev.defuse.common.ml.train;

import java.util.List;

/**
 * A β-VAE training run: settings, split sizes, every epoch, and the epoch kept (lowest validation loss at the full
 * β, the earliest on ties; the last epoch without validation).
 */
public record VaeTrainingReport(
        VaeTrainingConfig config, int trainImages, int validationImages, List<VaeEpochMetrics> epochs, int bestEpoch,
        double seconds) implements TrainingReport {

    public VaeTrainingReport {
        epochs = List.copyOf(epochs);
    }

    /** The kept epoch's metrics. */
    public VaeEpochMetrics best() {
        return epochs.get(bestEpoch - 1);
    }
}
