package dev.defuse.identify.domain;

import dev.defuse.common.job.JobSpec;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A job's identify progress as reported by {@code GET /jobs/{id}}, computed from the durable documents (spec,
 * plan, progress, failures). Rates are over the wall time since submission, so they include queueing.
 */
@Schema(description = "Progress of a job's identify stage")
public record JobStatus(
        String jobId,
        JobState state,
        Instant submittedAt,
        Instant completedAt,
        String dataset,
        String classifierModelKey,
        String vaeModelKey,
        @Schema(description = "Q, draws per image") int drawsPerImage,
        int shardsDone,
        int shardsTotal,
        @Schema(description = "images in the job's selection") int imagesSelected,
        @Schema(description = "images perturbed so far") long imagesProcessed,
        @Schema(description = "images skipped because their reconstruction is misclassified") long imagesSkipped,
        @Schema(description = "mistakes kept so far") long mistakesKept,
        @Schema(description = "decoded and classified draws so far") long samplesEvaluated,
        @Schema(description = "samples per second since submission") double samplesPerSecond,
        @Schema(description = "seconds since submission (until completion once completed)") double elapsedSeconds,
        @Schema(description = "estimated seconds to completion; null until a shard finished", nullable = true)
        Double etaSeconds,
        List<ShardFailure> failures) {

    /** The status from the job's documents; {@code plan} and {@code progress} may be null (not written yet). */
    public static JobStatus of(JobSpec spec, JobPlan plan, JobProgress progress, List<ShardFailure> failures,
                               Instant now) {
        int shardsTotal = plan != null ? plan.shardCount() : progress != null ? progress.shardCount() : 0;
        int shardsDone = progress != null ? progress.shards().size() : 0;
        long processed = progress != null ? progress.imagesProcessed() : 0;
        long skipped = progress != null ? progress.imagesSkipped() : 0;
        long samples = progress != null ? progress.samplesEvaluated() : 0;
        long mistakes = progress != null ? progress.mistakeCount() : 0;
        Instant completedAt = progress != null ? progress.completedAt() : null;
        Instant submittedAt = plan != null ? plan.submittedAt() : null;
        int selected = plan != null ? plan.selectedImages() : 0;

        JobState state;
        if (completedAt != null) {
            state = JobState.COMPLETED;
        } else if (!failures.isEmpty()) {
            state = JobState.FAILED;
        } else if (plan == null || !plan.published()) {
            state = shardsDone > 0 ? JobState.RUNNING : JobState.SUBMITTING;
        } else {
            state = shardsDone > 0 ? JobState.RUNNING : JobState.QUEUED;
        }

        Instant end = completedAt != null ? completedAt : now;
        double elapsed = submittedAt == null ? 0 : Math.max(0, Duration.between(submittedAt, end).toMillis() / 1000.0);
        double samplesPerSecond = elapsed > 0 ? samples / elapsed : 0;
        long imagesDone = processed + skipped;
        Double eta;
        if (state == JobState.COMPLETED) {
            eta = 0.0;
        } else if (imagesDone == 0 || elapsed <= 0 || selected == 0 || state == JobState.FAILED) {
            eta = null;
        } else {
            eta = Math.max(0, selected - imagesDone) * (elapsed / imagesDone);
        }
        return new JobStatus(spec.jobId(), state, submittedAt, completedAt, spec.dataset().prefix(),
                spec.classifierModelKey(), spec.vaeModelKey(), spec.identify().drawsPerImage(), shardsDone,
                shardsTotal, selected, processed, skipped, mistakes, samples, samplesPerSecond, elapsed, eta,
                List.copyOf(failures));
    }
}
