package dev.defuse.cli.labeling;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a latency sample, in milliseconds (NaN for an empty sample): the smallest value that
 * at least that share of the sample does not exceed, always one of the measured values.
 */
record LatencySummary(int count, double p50, double p90, double p99, double p999, double max) {

  private static final double NANOS_PER_MILLI = 1e6;
  private static final int PER_MILLE = 1000;

  static LatencySummary ofNanos(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(sorted.length, millis(sorted, 500), millis(sorted, 900), millis(sorted, 990),
        millis(sorted, 999), millis(sorted, PER_MILLE));
  }

  /**
   * The nearest-rank percentile of a sorted sample, {@code perMille} in thousandths (990: p99): the value of rank
   * ⌈n × perMille / 1000⌉, computed in integers so that the rank is exact.
   */
  static long percentile(long[] sorted, int perMille) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    long rank = ((long) sorted.length * perMille + PER_MILLE - 1) / PER_MILLE;
    return sorted[(int) Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double millis(long[] sorted, int perMille) {
    return sorted.length == 0 ? Double.NaN : percentile(sorted, perMille) / NANOS_PER_MILLI;
  }
}
