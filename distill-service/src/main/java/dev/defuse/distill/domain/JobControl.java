package dev.defuse.distill.domain;

import java.time.Instant;
import java.util.concurrent.CancellationException;

/**
 * The live side of a running job: a cancellation flag (the job's partition went to another instance, or the
 * service stops) and progress for {@code GET /jobs/{id}}. Written by the job's thread, read by anyone.
 */
public final class JobControl {

  /** What a running job is doing now. */
  public record Progress(String step, int iteration, Double lowerBound, Double lowerBoundChange, int regionsDone,
      int regionsTotal, int attempts, String lastError, Instant since) {}

  private final String jobId;
  private final int partition;
  private volatile boolean cancelled;
  private volatile String step = "queued";
  private volatile int iteration;
  private volatile Double lowerBound;
  private volatile Double change;
  private volatile int regionsDone;
  private volatile int regionsTotal;
  private volatile int attempts;
  private volatile String lastError;
  private volatile Instant since = Instant.now();

  public JobControl(String jobId, int partition) {
    this.jobId = jobId;
    this.partition = partition;
  }

  public String jobId() {
    return jobId;
  }

  public int partition() {
    return partition;
  }

  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Stops the job's thread at a safe point if the job was cancelled. */
  public void checkCancelled() {
    if (cancelled) {
      throw new CancellationException("job " + jobId + " was cancelled");
    }
  }

  public void step(String name) {
    step = name;
    since = Instant.now();
  }

  public void iteration(int iteration, double lowerBound, double change) {
    this.iteration = iteration;
    this.lowerBound = lowerBound;
    this.change = Double.isFinite(change) ? change : null;
  }

  public void regions(int done, int total) {
    regionsDone = done;
    regionsTotal = total;
  }

  /** A transient failure; the job is retried. */
  public void failedAttempt(String error) {
    attempts++;
    lastError = error;
    step = "waiting to retry";
    since = Instant.now();
  }

  public int attempts() {
    return attempts;
  }

  public Progress progress() {
    return new Progress(step, iteration, lowerBound, change, regionsDone, regionsTotal, attempts, lastError, since);
  }
}
