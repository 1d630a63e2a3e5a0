package dev.defuse.common.ml.train;

import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the learning rate moves over a run: constant (the paper's setting) or cosine-annealed to 1 % of it. */
public enum LearningRateSchedule {
    CONSTANT("constant"),
    COSINE("cosine");

    /** Where cosine annealing ends, relative to the initial rate. */
    static final float COSINE_FINAL_FRACTION = 0.01f;

    private final String id;

    LearningRateSchedule(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The rate for optimiser step t (per parameter), over a run of {@code totalSteps} steps. */
    ParameterTracker tracker(double learningRate, int totalSteps) {
        float rate = (float) learningRate;
        return switch (this) {
            case CONSTANT -> Tracker.fixed(rate);
            case COSINE -> Tracker.cosine().setBaseValue(rate).optFinalValue(rate * COSINE_FINAL_FRACTION)
                    .setMaxUpdates(Math.max(1, totalSteps)).build();
        };
    }

    /** Parses {@code constant} or {@code cosine} (any case). */
    public static LearningRateSchedule parse(String text) {
        for (LearningRateSchedule schedule : values()) {
            if (schedule.id.equalsIgnoreCase(text.trim())) {
                return schedule;
            }
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + text + "': use constant or cosine");
    }
}
