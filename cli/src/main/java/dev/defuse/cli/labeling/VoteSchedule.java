package dev.defuse.cli.labeling;

import java.util.concurrent.TimeUnit;

/**
 * The open-loop send schedule of one annotator, as wrk2 paces its connections: the request that starts with the
 * annotator's n-th vote is due at {@code startNanos + n × nanosPerVote}, whatever happened to the requests before
 * it. A slow response delays the annotator's next send but not when that send was due, so the delay shows in the
 * latency measured from the due time instead of silently lowering the offered rate (coordinated omission).
 *
 * @param startNanos when the annotator's first request is due, on the {@link System#nanoTime()} clock
 * @param nanosPerVote how much of the annotator's schedule one vote takes: a request of B votes is followed B times
 *     this later by the next one
 */
record VoteSchedule(long startNanos, double nanosPerVote) {

  private static final double NANOS_PER_SECOND = 1e9;

  /**
   * The schedule of client {@code client} (0-based) of {@code clients} that together offer {@code votesPerSecond}
   * in requests of {@code votesPerRequest} votes, from {@code startNanos}.
   */
  static VoteSchedule forClient(double votesPerSecond, int clients, int client, int votesPerRequest,
      long startNanos) {
    if (!(votesPerSecond > 0) || Double.isInfinite(votesPerSecond)) {
      throw new IllegalArgumentException("the rate must be positive and finite, not " + votesPerSecond);
    }
    if (clients < 1 || client < 0 || client >= clients || votesPerRequest < 1) {
      throw new IllegalArgumentException("client " + client + " of " + clients + ", " + votesPerRequest
          + " votes per request");
    }
    // the clients start a fraction of a request interval apart, so that together they send evenly spaced
    // requests at the offered rate rather than a burst of every client at each interval
    double phase = client * votesPerRequest * NANOS_PER_SECOND / votesPerSecond;
    return new VoteSchedule(startNanos + Math.round(phase), clients * NANOS_PER_SECOND / votesPerSecond);
  }

  /** When the request that starts after {@code votesBefore} votes of this annotator is due. */
  long dueNanos(long votesBefore) {
    // from the start each time, not by adding intervals, so that rounding does not drift
    return startNanos + Math.round(votesBefore * nanosPerVote);
  }

  /** Sleeps until {@code dueNanos} on the {@link System#nanoTime()} clock; returns at once when it is past. */
  static void awaitNanoTime(long dueNanos) throws InterruptedException {
    for (long wait = dueNanos - System.nanoTime(); wait > 0; wait = dueNanos - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
