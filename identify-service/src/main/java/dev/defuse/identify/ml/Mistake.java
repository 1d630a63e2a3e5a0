package dev.defuse.identify.ml;

/**
 * One kept draw of Algorithm 1: the decoded image of {@code z = μ(x) + ε} is classified {@code predictedLabel},
 * not the image's label {@code originalLabel}.
 *
 * @param imageIndex    the perturbed image's index in the dataset
 * @param draw          which of the image's Q draws (0-based)
 * @param z             the latent code
 * @param epsNorm       ‖ε‖₂
 */
public record Mistake(int imageIndex, int draw, int originalLabel, int predictedLabel, float[] z, double epsNorm) {
}
