package dev.defuse.distill.domain;

/**
 * Derives independent seeds from a job's seed, so every random step (downsampling, each region's sample sets) has
 * its own stream that does not depend on the order or number of other steps: a resumed job draws exactly what an
 * uninterrupted one would.
 */
public final class Seeds {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** A seed for the step named by {@code parts} (e.g. a salt, a region id and a sample-set ordinal). */
  public static long derive(long seed, long... parts) {
    long h = mix(seed + GOLDEN);
    for (long part : parts) {
      h = mix(h ^ mix(part + GOLDEN));
    }
    return h;
  }

  /** MurmurHash3's 64-bit finaliser: a bijection that spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
