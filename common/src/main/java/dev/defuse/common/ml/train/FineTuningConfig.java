package dev.defuse.common.ml.train;

import dev.defuse.common.util.Require;

/**
 * Settings of one fine-tuning run on L(D) + λ·L(D_f) (paper §3.3, appendix B.2): every optimiser step takes a
 * batch of the training data D and a batch of the failure data D_f (cycled, reshuffled each time it is used up);
 * an epoch is one pass over D; the best epoch is chosen by validation accuracy.
 *
 * @param lambda           weight of the failure-data loss (0: plain continued training on D)
 * @param epochs           passes over D
 * @param batchSize        images of D per step (paper: 256)
 * @param failureBatchSize images of D_f per step
 * @param learningRate     optimiser learning rate (the initial one under cosine annealing)
 * @param optimizer        Adam (paper) or Adadelta
 * @param schedule         constant (the paper) or cosine-annealed to 1 % over the run
 * @param seed             seeds the shuffles of D and D_f
 */
public record FineTuningConfig(
        double lambda, int epochs, int batchSize, int failureBatchSize, double learningRate, OptimizerKind optimizer,
        LearningRateSchedule schedule, long seed) {

    public static final int DEFAULT_EPOCHS = 3;
    public static final int DEFAULT_BATCH_SIZE = 256;

    public FineTuningConfig {
        Require.nonNegative(lambda, "lambda");
        Require.positive(epochs, "epochs");
        Require.positive(batchSize, "batch size");
        Require.positive(failureBatchSize, "failure batch size");
        Require.nonNull(optimizer, "optimizer");
        Require.nonNull(schedule, "learning-rate schedule");
        optimizer.validate(learningRate);
    }

    /** The paper's MNIST settings for one λ: 3 epochs, batch 256 of D and 256 of D_f, Adam 1e-3 (constant). */
    public static FineTuningConfig paper(double lambda, long seed) {
        return new FineTuningConfig(lambda, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_SIZE,
                OptimizerKind.ADAM.defaultLearningRate(), OptimizerKind.ADAM, LearningRateSchedule.CONSTANT, seed);
    }

    /** Steps of the whole run on {@code trainImages} images of D: what a schedule spans. */
    public int totalSteps(int trainImages) {
        return epochs * ((trainImages + batchSize - 1) / batchSize);
    }
}
