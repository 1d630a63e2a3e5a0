package dev.defuse.distill.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in the distill stage. The status is stored in {@code jobs/{jobId}/distill/state.json} and only
 * moves forward:
 *
 * <pre>
 * RECEIVING ──▶ FITTING ──▶ SAMPLING ──▶ PUBLISHING ──▶ PUBLISHED
 *     └────────────┴───────────┴─────────────┴──────────▶ FAILED
 * </pre>
 *
 * A restart resumes a job from its stored status: every step is deterministic (seeded) and idempotent, so redoing a
 * step gives the same objects and the same event ids.
 */
public enum JobStatus {

  /** Mistakes arrive; completed shards are stored. Identify's completion may already be recorded. */
  RECEIVING,
  /** The mistake set is complete (every shard of the completion is stored): the DP-GMM fit is due or running. */
  FITTING,
  /** The fit is stored: region samples are drawn, decoded, classified and stored. */
  SAMPLING,
  /** Every region is stored: the {@code regions} records are being published. */
  PUBLISHING,
  /** Every region and the completion were acknowledged by the broker. Final. */
  PUBLISHED,
  /** The job cannot be distilled (inconsistent input, missing model, ...); the reason is stored. Final. */
  FAILED;

  /** Whether nothing more happens to a job in this status. */
  public boolean isFinal() {
    return this == PUBLISHED || this == FAILED;
  }

  /** Whether the region job (fit, samples, publication) has work to do in this status. */
  public boolean needsRegionJob() {
    return this == FITTING || this == SAMPLING || this == PUBLISHING;
  }

  /** Whether a job may move from this status to {@code next} (staying is allowed too). */
  public boolean canMoveTo(JobStatus next) {
    return this == next || successors().contains(next);
  }

  private Set<JobStatus> successors() {
    return switch (this) {
      case RECEIVING -> EnumSet.of(FITTING, FAILED);
      case FITTING -> EnumSet.of(SAMPLING, FAILED);
      case SAMPLING -> EnumSet.of(PUBLISHING, FAILED);
      case PUBLISHING -> EnumSet.of(PUBLISHED, FAILED);
      case PUBLISHED, FAILED -> EnumSet.noneOf(JobStatus.class);
    };
  }
}
