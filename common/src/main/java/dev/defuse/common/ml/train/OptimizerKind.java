package dev.defuse.common.ml.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.defuse.common.util.Require;

/** The optimisers the paper uses: Adam (lr 1e-3) by default, Adadelta (lr 1) as an option. */
public enum OptimizerKind {
    ADAM("adam"),
    ADADELTA("adadelta");

    /** PyTorch's Adadelta defaults, which the paper's code used. */
    private static final float ADADELTA_RHO = 0.9f;
    private static final float ADADELTA_EPSILON = 1e-6f;

    private final String id;

    OptimizerKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The default learning rate the paper pairs with this optimiser. */
    public double defaultLearningRate() {
        return this == ADAM ? 1e-3 : 1.0;
    }

    /** Checks the learning rate. */
    public void validate(double learningRate) {
        Require.positive(learningRate, "learning rate");
    }

    /** A new DJL optimiser with a constant learning rate. */
    public Optimizer newOptimizer(double learningRate) {
        return newOptimizer(learningRate, LearningRateSchedule.CONSTANT, 1);
    }

    /** A new DJL optimiser whose learning rate follows {@code schedule} over {@code totalSteps} steps. */
    public Optimizer newOptimizer(double learningRate, LearningRateSchedule schedule, int totalSteps) {
        validate(learningRate);
        ParameterTracker rate = schedule.tracker(learningRate, totalSteps);
        return switch (this) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).build();
            case ADADELTA -> new AdadeltaOptimizer(rate, ADADELTA_RHO, ADADELTA_EPSILON);
        };
    }

    /** Parses {@code adam} or {@code adadelta} (any case). */
    public static OptimizerKind parse(String text) {
        for (OptimizerKind kind : values()) {
            if (kind.id.equalsIgnoreCase(text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + text + "': use adam or adadelta");
    }
}
