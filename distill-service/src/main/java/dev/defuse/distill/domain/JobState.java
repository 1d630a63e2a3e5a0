package dev.defuse.distill.domain;

import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.util.Require;
import java.time.Instant;

/**
 * The durable state of one job in the distill stage ({@code jobs/{jobId}/distill/state.json}). Immutable: every
 * change returns a new state, and status changes are checked against {@link JobStatus#canMoveTo}.
 *
 * @param jobId      the job
 * @param status     where the job is
 * @param partition  the {@code mistakes} partition the job's records arrive on (all of a job's records share one,
 *                   the record key being the job id); the instance that owns the partition runs the job
 * @param completion identify's completion event, once received (null before)
 * @param fit        the fit's summary, once fitted (null before)
 * @param failure    why the job failed (null unless {@link JobStatus#FAILED})
 * @param createdAt  when the first record of the job was stored
 * @param updatedAt  when this state was written
 */
public record JobState(String jobId, JobStatus status, int partition, IdentifyCompleted completion, FitSummary fit,
    String failure, Instant createdAt, Instant updatedAt) {

  public JobState {
    Require.jobId(jobId);
    Require.nonNull(status, "status");
    Require.nonNegative(partition, "partition");
    Require.nonNull(createdAt, "createdAt");
    Require.nonNull(updatedAt, "updatedAt");
    Require.check(status != JobStatus.FAILED || failure != null, "a failed job needs a reason");
    Require.check(!status.needsRegionJob() && status != JobStatus.PUBLISHED || completion != null,
        "status " + status + " needs identify's completion");
  }

  /** A job whose first record just arrived. */
  public static JobState receiving(String jobId, int partition, Instant now) {
    return new JobState(jobId, JobStatus.RECEIVING, partition, null, null, null, now, now);
  }

  /** Identify's completion recorded (the first one counts; a redelivered completion changes nothing). */
  public JobState withCompletion(IdentifyCompleted event, Instant now) {
    Require.check(event.jobId().equals(jobId), "completion of job " + event.jobId() + " for job " + jobId);
    if (completion != null) {
      return this;
    }
    return new JobState(jobId, status, partition, event, fit, failure, createdAt, now);
  }

  /** The job moved to {@code next}. */
  public JobState moveTo(JobStatus next, Instant now) {
    if (!status.canMoveTo(next)) {
      throw new IllegalStateException("job " + jobId + " cannot move from " + status + " to " + next);
    }
    Require.check(next != JobStatus.FAILED, "use failed(reason) to fail a job");
    return new JobState(jobId, next, partition, completion, fit, failure, createdAt, now);
  }

  /** The fit is stored; the job moves on to sampling. */
  public JobState fitted(FitSummary summary, Instant now) {
    Require.nonNull(summary, "fit summary");
    JobState moved = moveTo(JobStatus.SAMPLING, now);
    return new JobState(jobId, moved.status, partition, completion, summary, failure, createdAt, now);
  }

  /** The job failed for good. A job that is already final stays as it is. */
  public JobState failed(String reason, Instant now) {
    Require.nonBlank(reason, "failure reason");
    if (status.isFinal()) {
      return this;
    }
    return new JobState(jobId, JobStatus.FAILED, partition, completion, fit, reason, createdAt, now);
  }

  /** The same state, owned by another partition (the topic was repartitioned or the job's records moved). */
  public JobState onPartition(int newPartition, Instant now) {
    return newPartition == partition ? this
        : new JobState(jobId, status, newPartition, completion, fit, failure, createdAt, now);
  }

  /** Whether identify's completion was received. */
  public boolean hasCompletion() {
    return completion != null;
  }
}
