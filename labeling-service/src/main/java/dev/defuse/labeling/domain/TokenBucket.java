package dev.defuse.labeling.domain;

/**
 * A token bucket that holds at most {@code burst} tokens and gains {@code ratePerSecond} per second; each request
 * takes one. Kept as the time at which the bucket would be full again (the generic cell rate algorithm, the same
 * admissions as a bucket of tokens), in whole nanoseconds, so it never drifts by rounding. Time is passed in
 * (nanoseconds of a monotonic clock), so tests drive it with a fake clock.
 */
public final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1e9;

  /** Nanoseconds per token. */
  private final long interval;
  /** How far ahead of now the bucket's "full again" time may be and still hold a token: (burst - 1) intervals. */
  private final long tolerance;
  /** When the bucket would have all its tokens back; at or before now: full. */
  private long fullAt;

  /** A full bucket. */
  public TokenBucket(double ratePerSecond, int burst, long nowNanos) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond) || burst < 1) {
      throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1, got "
          + ratePerSecond + "/s and " + burst);
    }
    this.interval = Math.max(1, Math.round(NANOS_PER_SECOND / ratePerSecond));
    try {
      this.tolerance = Math.multiplyExact(interval, burst - 1L);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("a rate of " + ratePerSecond + "/s with a burst of " + burst
          + " spans more time than a clock can count", e);
    }
    this.fullAt = nowNanos;
  }

  /**
   * Takes a token if there is one.
   *
   * @return 0 when a token was taken; otherwise how many nanoseconds until the next token (always positive)
   */
  public synchronized long tryTake(long nowNanos) {
    long start = Math.max(fullAt, nowNanos);
    long ahead = start - nowNanos;
    if (ahead > tolerance) {
      return ahead - tolerance;
    }
    fullAt = start + interval;
    return 0;
  }
}
