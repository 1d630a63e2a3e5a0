package dev.defuse.distill.domain;

import dev.defuse.common.util.Require;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded downsampling of the mistake codes before the fit: a uniformly random subset of at most {@code max} rows
 * (every subset of that size equally likely), returned in ascending row order so the fit sees the rows in their
 * stored order. The same (n, max, seed) always selects the same rows.
 */
public final class Downsampling {

  /** Separates the downsampling stream from the job's other random streams. */
  static final long SALT = 0x646f776e73616d70L; // "downsamp"

  private Downsampling() {}

  /** Indices of the rows kept out of {@code n}: all of them when {@code n <= max}. */
  public static int[] select(int n, int max, long seed) {
    Require.nonNegative(n, "n");
    Require.positive(max, "max");
    if (n <= max) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return all;
    }
    // partial Fisher–Yates: the first max positions end up a uniform random max-subset
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, SALT));
    for (int i = 0; i < max; i++) {
      int j = i + random.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] kept = Arrays.copyOf(order, max);
    Arrays.sort(kept);
    return kept;
  }
}
