package dev.defuse.distill.rest;

import dev.defuse.distill.domain.FitSummary;
import dev.defuse.distill.domain.JobControl;
import dev.defuse.distill.domain.JobStatus;
import dev.defuse.distill.domain.StoredFit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A job in the distill stage, as {@code GET /jobs/{id}} shows it. */
@Schema(name = "DistillJob", description = "A job in the distill stage: mistakes received, fit, regions")
public record JobView(
    @Schema(description = "The job's id") String jobId,
    @Schema(description = "RECEIVING → FITTING → SAMPLING → PUBLISHING → PUBLISHED, or FAILED") JobStatus status,
    @Schema(description = "Partition of the mistakes topic the job's records arrive on") int partition,
    @Schema(description = "Why the job failed (FAILED only)") String failure,
    Instant createdAt,
    Instant updatedAt,
    @Schema(description = "The mistake set: shards stored so far, identify's completion") Receiving receiving,
    @Schema(description = "The DP-GMM fit, once done") Fit fit,
    @Schema(description = "The regions, heaviest first, once fitted") List<Region> regions,
    @Schema(description = "What the job is doing now, when it runs in the instance answering") JobControl.Progress running) {

  /**
   * The mistake set.
   *
   * @param storedShards      shards durably received (their records acknowledged)
   * @param bufferedMistakes  per shard, mistakes that arrived in this instance but whose shard is not complete yet
   * @param identifyCompleted whether identify's completion was received
   * @param shardCount        shards of the job (known once identify completed)
   * @param mistakeCount      mistakes of the job (known once identify completed)
   * @param waitingForShards  shards the completion lists that are not stored yet
   */
  public record Receiving(List<Integer> storedShards, Map<Integer, Integer> bufferedMistakes,
      boolean identifyCompleted, Integer shardCount, Long mistakeCount, List<Integer> waitingForShards) {}

  /** The fit's settings and result. */
  public record Fit(StoredFit.FitSettings settings, FitSummary result, Instant fittedAt) {}

  /**
   * A region.
   *
   * @param sampled whether its samples are stored (details: {@code GET /jobs/{id}/regions/{regionId}})
   */
  public record Region(int regionId, int component, double weight, int assignedCodes,
      List<StoredFit.LabelPair> labelPairs, boolean sampled) {}
}
