package dev.defuse.correction.rest;

import dev.defuse.common.events.SweepVariant;
import dev.defuse.correction.domain.CorrectionSummary;
import dev.defuse.correction.domain.JobState;
import dev.defuse.correction.domain.SweepActivity;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A job's progress through the correction stage ({@code GET /jobs/{id}}). */
@Schema(name = "JobProgress", description = "A job's correction: labels received, sweep progress, the registered model")
public record JobProgress(
        String jobId,
        @Schema(description = "WAITING_FOR_LABELS, SWEEPING, REGISTERED, NOTHING_TO_CORRECT or FAILED") JobState state,
        @Schema(description = "Why the job ended without a model (null otherwise)") String message,
        Labels labels,
        @Schema(description = "The λ sweep (null before labeling completed)") Sweep sweep,
        @Schema(description = "Points in training on the replica that answered, with their epoch and step")
        List<SweepActivity.Running> runningHere,
        @Schema(description = "Base model, chosen points and the λ trade-off curve (once the sweep is complete)")
        CorrectionSummary summary,
        @Schema(description = "The registered model (once registered)") RegisteredModel model) {

    /** Labels received so far. */
    public record Labels(int regionsDecided, Integer regionCount, int misclassificationRegions) {
    }

    /** The sweep: every point with its status and, once done, its metrics. */
    public record Sweep(int total, int done, int failed, List<Point> points, String baseline) {
    }

    /** One sweep point; status PENDING, DONE or FAILED. */
    public record Point(SweepVariant variant, double lambda, int index, String status, Double testAccuracy,
                        Double validationAccuracy, Double regionAccuracy, Integer bestEpoch, String worker,
                        Double trainingSeconds, String error) {
    }

    /** The model the job registered. */
    public record RegisteredModel(String modelId, String modelKey, String manifestKey, double lambda,
                                  Map<String, Double> metrics) {
    }
}
