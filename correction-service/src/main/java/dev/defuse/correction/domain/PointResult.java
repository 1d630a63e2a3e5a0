package dev.defuse.correction.domain;

import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.ml.model.ModelManifest;
import java.time.Instant;

/**
 * The durable result of one sweep point ({@code jobs/{jobId}/correction/sweep/{variant}-{index}.json}); written last,
 * after the candidate parameters, so its presence means the point is done.
 *
 * @param parametersKey the candidate's parameter blob (null when the point failed)
 * @param candidate     the candidate's manifest (null when the point failed)
 * @param metrics       its evaluation (null when the point failed)
 * @param error         why every attempt failed (null when it succeeded)
 * @param attempts      attempts made
 * @param worker        host that trained the point
 */
public record PointResult(String jobId, SweepVariant variant, double lambda, int index, int count,
                          PointStatus status, String parametersKey, ModelManifest candidate, PointMetrics metrics,
                          String error, int attempts, String worker, double trainingSeconds,
                          double evaluationSeconds, Instant finishedAt) {

    public boolean succeeded() {
        return status == PointStatus.DONE;
    }

    /** A failed point. */
    public static PointResult failed(PointSpec point, String jobId, String error, int attempts, String worker) {
        return new PointResult(jobId, point.variant(), point.lambda(), point.index(), point.count(),
                PointStatus.FAILED, null, null, null, error, attempts, worker, 0, 0, Instant.now());
    }
}
