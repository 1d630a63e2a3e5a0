package dev.defuse.cli.labeling;

/**
 * One annotator's vote requests: when each was due, sent and answered, and how many of its votes were accepted.
 * Each is timed twice: from when it was due on the annotator's schedule (what a client sending at that rate waits:
 * a request sent late because the one before it was slow counts the delay), and from when it was actually sent (the
 * service time). Without a schedule a request is due when it is sent, and both are the same. Not thread-safe: one
 * per annotator thread.
 */
final class VoteRequestLog {

  private final LongList fromSchedule = new LongList();
  private final LongList service = new LongList();
  private final LongList answered = new LongList();
  private final LongList accepted = new LongList();
  private long lastLagNanos;

  /**
   * A request due at {@code dueNanos}, sent at {@code sentNanos}, answered at {@code doneNanos} (the
   * {@link System#nanoTime()} clock) with {@code acceptedVotes} of its votes accepted.
   */
  void add(long dueNanos, long sentNanos, long doneNanos, int acceptedVotes) {
    fromSchedule.add(doneNanos - dueNanos);
    service.add(doneNanos - sentNanos);
    answered.add(doneNanos);
    accepted.add(acceptedVotes);
    lastLagNanos = sentNanos - dueNanos;
  }

  /** Latencies from the due time, in the order of the requests. */
  long[] fromScheduleNanos() {
    return fromSchedule.toArray();
  }

  /** Latencies from the actual send, in the order of the requests. */
  long[] serviceNanos() {
    return service.toArray();
  }

  /** How late the last request was sent (0 for none): how far the annotator was behind its schedule at the end. */
  long lastLagNanos() {
    return lastLagNanos;
  }

  /** Votes accepted in the requests answered by {@code nanos} (inclusive). */
  long acceptedBy(long nanos) {
    long[] times = answered.toArray();
    long[] counts = accepted.toArray();
    long sum = 0;
    for (int i = 0; i < times.length && times[i] <= nanos; i++) {
      sum += counts[i];
    }
    return sum;
  }
}
