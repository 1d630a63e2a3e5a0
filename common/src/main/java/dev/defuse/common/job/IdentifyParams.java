package dev.defuse.common.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.defuse.common.util.Require;

/**
 * Parameters of identify (Algorithm 1). A JSON object may leave out any field: it takes the default.
 *
 * @param drawsPerImage        Q, latent perturbations per image (default {@value #DEFAULT_DRAWS_PER_IMAGE})
 * @param betaA                a of the Beta(a, b) noise, one independent draw per latent dimension (default 50)
 * @param betaB                b of the Beta(a, b) noise (default 50)
 * @param maxMistakesPerImage  mistakes kept per image, those with the smallest ‖ε‖₂ (default 100)
 * @param selection            the images perturbed (default all)
 * @param skipMisreconstructed skip images whose unperturbed reconstruction is already misclassified (default false:
 *                             the paper's rule)
 * @param shardSize            images per shard on the work topic (default {@value #DEFAULT_SHARD_SIZE})
 * @param seed                 seed of the noise (per-shard seeds derive from it) and of a sampled selection
 */
public record IdentifyParams(int drawsPerImage, double betaA, double betaB, int maxMistakesPerImage,
                             ImageSelection selection, boolean skipMisreconstructed, int shardSize, long seed) {

    public static final int DEFAULT_DRAWS_PER_IMAGE = 500;
    public static final double DEFAULT_BETA_A = 50;
    public static final double DEFAULT_BETA_B = 50;
    public static final int DEFAULT_MAX_MISTAKES_PER_IMAGE = 100;
    public static final int DEFAULT_SHARD_SIZE = 100;
    public static final long DEFAULT_SEED = 0;

    public IdentifyParams {
        Require.positive(drawsPerImage, "identify.drawsPerImage");
        Require.positive(betaA, "identify.betaA");
        Require.positive(betaB, "identify.betaB");
        Require.positive(maxMistakesPerImage, "identify.maxMistakesPerImage");
        Require.nonNull(selection, "identify.selection");
        Require.positive(shardSize, "identify.shardSize");
    }

    public static IdentifyParams defaults() {
        return new IdentifyParams(DEFAULT_DRAWS_PER_IMAGE, DEFAULT_BETA_A, DEFAULT_BETA_B,
                DEFAULT_MAX_MISTAKES_PER_IMAGE, ImageSelection.all(), false, DEFAULT_SHARD_SIZE, DEFAULT_SEED);
    }

    @JsonCreator
    static IdentifyParams fromJson(@JsonProperty("drawsPerImage") Integer drawsPerImage,
                                   @JsonProperty("betaA") Double betaA,
                                   @JsonProperty("betaB") Double betaB,
                                   @JsonProperty("maxMistakesPerImage") Integer maxMistakesPerImage,
                                   @JsonProperty("selection") ImageSelection selection,
                                   @JsonProperty("skipMisreconstructed") Boolean skipMisreconstructed,
                                   @JsonProperty("shardSize") Integer shardSize,
                                   @JsonProperty("seed") Long seed) {
        IdentifyParams d = defaults();
        return new IdentifyParams(
                drawsPerImage != null ? drawsPerImage : d.drawsPerImage,
                betaA != null ? betaA : d.betaA,
                betaB != null ? betaB : d.betaB,
                maxMistakesPerImage != null ? maxMistakesPerImage : d.maxMistakesPerImage,
                selection != null ? selection : d.selection,
                skipMisreconstructed != null ? skipMisreconstructed : d.skipMisreconstructed,
                shardSize != null ? shardSize : d.shardSize,
                seed != null ? seed : d.seed);
    }

    public IdentifyParams withDrawsPerImage(int q) {
        return new IdentifyParams(q, betaA, betaB, maxMistakesPerImage, selection, skipMisreconstructed, shardSize, seed);
    }

    public IdentifyParams withSelection(ImageSelection s) {
        return new IdentifyParams(drawsPerImage, betaA, betaB, maxMistakesPerImage, s, skipMisreconstructed, shardSize,
                seed);
    }

    public IdentifyParams withShardSize(int size) {
        return new IdentifyParams(drawsPerImage, betaA, betaB, maxMistakesPerImage, selection, skipMisreconstructed,
                size, seed);
    }

    public IdentifyParams withSeed(long s) {
        return new IdentifyParams(drawsPerImage, betaA, betaB, maxMistakesPerImage, selection, skipMisreconstructed,
                shardSize, s);
    }

    /** Number of shards for {@code selectedImages} images. */
    public int shardCount(int selectedImages) {
        Require.nonNegative(selectedImages, "selectedImages");
        return (selectedImages + shardSize - 1) / shardSize;
    }
}
