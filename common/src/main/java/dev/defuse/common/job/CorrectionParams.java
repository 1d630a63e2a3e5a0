package dev.defuse.common.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.defuse.common.ml.train.LearningRateSchedule;
import dev.defuse.common.util.Require;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Parameters of correction: fine-tune on L(D) + λ·L(D_f) for every λ of the sweep and keep the best by validation
 * accuracy. A JSON object may leave out any field: it takes the default.
 *
 * @param lambdas            the λ sweep (default: every power of ten from 1e-10 to 1000, {@link #DEFAULT_LAMBDAS})
 * @param epochs             epochs per λ; the best epoch by validation accuracy counts (default 3)
 * @param batchSize          batch of D per step, plus one batch of D_f (default 256)
 * @param learningRate       Adam learning rate, the initial one under annealing (default 1e-3)
 * @param schedule           {@code constant} (the paper, the default) or {@code cosine}: annealed to 1 % of the rate over
 *                           each λ point's epochs, as the base classifier was trained
 * @param validationFraction share of the training data held out for validation when the dataset has no validation
 *                           set (default 0.1)
 * @param seed               seed of batching, initialisation and the validation split
 */
public record CorrectionParams(List<Double> lambdas, int epochs, int batchSize, double learningRate,
                               LearningRateSchedule schedule, double validationFraction, long seed) {

    /** 1e-10, 1e-9, …, 1, 10, 100, 1000. */
    public static final List<Double> DEFAULT_LAMBDAS = IntStream.rangeClosed(-10, 3)
            .mapToObj(e -> Double.parseDouble("1e" + e)).toList();
    public static final int DEFAULT_EPOCHS = 3;
    public static final int DEFAULT_BATCH_SIZE = 256;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final LearningRateSchedule DEFAULT_SCHEDULE = LearningRateSchedule.CONSTANT;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    public static final long DEFAULT_SEED = 0;

    public CorrectionParams {
        lambdas = List.copyOf(Require.nonEmpty(lambdas, "correction.lambdas"));
        for (Double lambda : lambdas) {
            Require.nonNegative(Require.nonNull(lambda, "correction.lambdas element"), "correction.lambdas element");
        }
        Require.check(new HashSet<>(lambdas).size() == lambdas.size(), "correction.lambdas has duplicates: " + lambdas);
        Require.positive(epochs, "correction.epochs");
        Require.positive(batchSize, "correction.batchSize");
        Require.positive(learningRate, "correction.learningRate");
        Require.nonNull(schedule, "correction.schedule");
        Require.check(validationFraction > 0 && validationFraction < 1,
                "correction.validationFraction must be in (0, 1), got " + validationFraction);
    }

    public static CorrectionParams defaults() {
        return new CorrectionParams(DEFAULT_LAMBDAS, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE,
                DEFAULT_SCHEDULE, DEFAULT_VALIDATION_FRACTION, DEFAULT_SEED);
    }

    @JsonCreator
    static CorrectionParams fromJson(@JsonProperty("lambdas") List<Double> lambdas,
                                     @JsonProperty("epochs") Integer epochs,
                                     @JsonProperty("batchSize") Integer batchSize,
                                     @JsonProperty("learningRate") Double learningRate,
                                     @JsonProperty("schedule") String schedule,
                                     @JsonProperty("validationFraction") Double validationFraction,
                                     @JsonProperty("seed") Long seed) {
        return new CorrectionParams(lambdas != null ? lambdas : DEFAULT_LAMBDAS,
                epochs != null ? epochs : DEFAULT_EPOCHS,
                batchSize != null ? batchSize : DEFAULT_BATCH_SIZE,
                learningRate != null ? learningRate : DEFAULT_LEARNING_RATE,
                schedule != null ? LearningRateSchedule.parse(schedule) : DEFAULT_SCHEDULE,
                validationFraction != null ? validationFraction : DEFAULT_VALIDATION_FRACTION,
                seed != null ? seed : DEFAULT_SEED);
    }

    public CorrectionParams withLambdas(List<Double> grid) {
        return new CorrectionParams(grid, epochs, batchSize, learningRate, schedule, validationFraction, seed);
    }

    public CorrectionParams withEpochs(int n) {
        return new CorrectionParams(lambdas, n, batchSize, learningRate, schedule, validationFraction, seed);
    }

    public CorrectionParams withSchedule(LearningRateSchedule value) {
        return new CorrectionParams(lambdas, epochs, batchSize, learningRate, value, validationFraction, seed);
    }
}
