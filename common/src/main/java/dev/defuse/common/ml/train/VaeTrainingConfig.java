package dev.defuse.common.ml.train;

import dev.defuse.common.util.Require;

/**
 * Settings of a β-VAE training run: loss = BCE(x, x̂) summed over pixels + β_t · KL(q(z|x) ‖ N(0, I)), both
 * averaged over the batch, with β_t rising linearly from 0 to β over the first {@code klAnnealSteps} optimiser
 * steps (0: β from the first step).
 *
 * @param epochs             passes over the training split
 * @param batchSize          images per optimiser step
 * @param learningRate       Adam learning rate
 * @param beta               weight of the KL term after annealing (the paper states both 4 and 0.4)
 * @param klAnnealSteps      optimiser steps over which β_t rises linearly to β
 * @param validationFraction share held out (seeded) to pick the best epoch by validation loss at the full β
 * @param seed               seeds the split, the shuffles, libtorch's initial weights and the latent noise
 */
public record VaeTrainingConfig(
        int epochs, int batchSize, double learningRate, double beta, int klAnnealSteps, double validationFraction,
        long seed) {

    public static final int DEFAULT_EPOCHS = 20;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA = 4;
    public static final int DEFAULT_KL_ANNEAL_STEPS = 2000;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    public static final long DEFAULT_SEED = 1;

    public VaeTrainingConfig {
        Require.positive(epochs, "epochs");
        Require.positive(batchSize, "batch size");
        Require.positive(learningRate, "learning rate");
        Require.nonNegative(beta, "beta");
        Require.nonNegative(klAnnealSteps, "KL annealing steps");
        Require.inRange(validationFraction, 0, 0.9, "validation fraction");
    }

    /** β = 4, Adam 1e-3, batch 64, annealing over 2000 steps, 10 % validation. */
    public static VaeTrainingConfig defaults() {
        return new VaeTrainingConfig(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_BETA,
                DEFAULT_KL_ANNEAL_STEPS, DEFAULT_VALIDATION_FRACTION, DEFAULT_SEED);
    }

    /** β_t after {@code step} optimiser steps (counting from 0 before the first step). */
    public double betaAt(long step) {
        if (klAnnealSteps == 0 || step >= klAnnealSteps) {
            return beta;
        }
        return beta * step / klAnnealSteps;
    }

    public VaeTrainingConfig withEpochs(int value) {
        return new VaeTrainingConfig(value, batchSize, learningRate, beta, klAnnealSteps, validationFraction, seed);
    }

    public VaeTrainingConfig withBatchSize(int value) {
        return new VaeTrainingConfig(epochs, value, learningRate, beta, klAnnealSteps, validationFraction, seed);
    }

    public VaeTrainingConfig withLearningRate(double value) {
        return new VaeTrainingConfig(epochs, batchSize, value, beta, klAnnealSteps, validationFraction, seed);
    }

    public VaeTrainingConfig withBeta(double value) {
        return new VaeTrainingConfig(epochs, batchSize, learningRate, value, klAnnealSteps, validationFraction, seed);
    }

    public VaeTrainingConfig withKlAnnealSteps(int value) {
        return new VaeTrainingConfig(epochs, batchSize, learningRate, beta, value, validationFraction, seed);
    }

    public VaeTrainingConfig withValidationFraction(double value) {
        return new VaeTrainingConfig(epochs, batchSize, learningRate, beta, klAnnealSteps, value, seed);
    }

    public VaeTrainingConfig withSeed(long value) {
        return new VaeTrainingConfig(epochs, batchSize, learningRate, beta, klAnnealSteps, validationFraction, value);
    }
}
