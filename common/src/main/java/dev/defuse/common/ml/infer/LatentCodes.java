package dev.defuse.common.ml.infer;

/**
 * The encoder's posterior q(z|x) = N(μ, diag σ²) for a batch of images.
 *
 * @param mean       μ, row-major {@code count × latentSize}
 * @param logVar     log σ², row-major {@code count × latentSize}
 * @param count      number of images
 * @param latentSize K
 */
public record LatentCodes(float[] mean, float[] logVar, int count, int latentSize) {
}
