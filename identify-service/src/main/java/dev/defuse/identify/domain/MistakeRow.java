package dev.defuse.identify.domain;

/**
 * A kept mistake as stored in a shard's result: row {@code row} of the shard's tensor object.
 *
 * @param imageIndex the perturbed image's index in the dataset
 * @param draw       which of the image's Q draws
 * @param z          the latent code μ(x) + ε
 * @param epsNorm    ‖ε‖₂
 */
public record MistakeRow(int row, int imageIndex, int draw, int originalLabel, int predictedLabel, float[] z,
                         double epsNorm) {
}
