package dev.defuse.identify.domain;

/**
 * Seeds of the latent noise. Each training image gets its own seed, derived from the job's seed and the image's
 * index in the dataset, so an image's Q draws are the same whichever shard, replica, batch size or retry
 * perturbs it: the mistake set depends only on the job's parameters.
 */
public final class NoiseSeeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private NoiseSeeds() {
    }

    /** The seed of the noise of dataset image {@code imageIndex} in a job with seed {@code jobSeed}. */
    public static long forImage(long jobSeed, int imageIndex) {
        return mix64(jobSeed ^ mix64(imageIndex * GOLDEN_GAMMA + GOLDEN_GAMMA));
    }

    /** A sampler for the noise of one image. */
    public static BetaSampler sampler(double a, double b, long jobSeed, int imageIndex) {
        return new BetaSampler(a, b, forImage(jobSeed, imageIndex));
    }

    /** MurmurHash3's 64-bit finaliser: a bijection that spreads nearby inputs over the whole range. */
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
