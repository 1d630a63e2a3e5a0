package dev.defuse.common.ml.train;

import java.util.Map;

/**
 * Receives progress of a training run, e.g. to draw a progress bar. Metric maps keep insertion order (loss first)
 * and hold running means over the batches seen so far in the epoch.
 */
public interface ProgressListener {

    /** After every optimiser step. */
    default void onBatch(int epoch, int epochs, int batch, int batches, Map<String, Double> running) {
    }

    /** After each epoch's validation, with the epoch's final metrics. */
    default void onEpoch(int epoch, int epochs, Map<String, Double> metrics) {
    }

    /** A listener that ignores everything. */
    static ProgressListener silent() {
        return new ProgressListener() {
        };
    }
}
