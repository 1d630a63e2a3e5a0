package dev.defuse.correction.rest;

import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.util.Require;
import dev.defuse.correction.domain.CorrectionOutcome;
import dev.defuse.correction.domain.JobState;
import dev.defuse.correction.domain.PointResult;
import dev.defuse.correction.domain.PointSpec;
import dev.defuse.correction.domain.SweepActivity;
import dev.defuse.correction.domain.SweepPlan;
import dev.defuse.correction.store.CorrectionStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Progress of a job's correction, read from its durable state (any replica answers the same). */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs", description = "Correction progress of robustness jobs")
public class JobsResource {

    private final CorrectionStore store;
    private final SweepActivity activity;

    public JobsResource(CorrectionStore store, SweepActivity activity) {
        this.store = store;
        this.activity = activity;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Correction progress of a job",
            description = "Labels received, the λ sweep point by point (status, metrics, which replica trained it), "
                    + "the base model and chosen points with the λ trade-off curve, and the registered model.")
    @APIResponse(responseCode = "200", description = "The job's progress",
            content = @Content(schema = @Schema(implementation = JobProgress.class)))
    @APIResponse(responseCode = "400", description = "Not a valid job id",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The correction stage knows nothing of this job",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public JobProgress get(@Parameter(description = "Job id") @PathParam("id") String jobId) {
        try {
            Require.jobId(jobId);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        List<RegionLabeled> labels = store.regionLabels(jobId);
        Optional<SweepPlan> plan = store.plan(jobId);
        Optional<ModelRegistered> registered = store.registered(jobId);
        Optional<CorrectionOutcome> outcome = store.outcome(jobId);
        if (labels.isEmpty() && plan.isEmpty() && outcome.isEmpty() && !store.specExists(jobId)) {
            throw Problem.notFound("no job '" + jobId + "' (no spec, no labels)");
        }
        JobState state = registered.isPresent() ? JobState.REGISTERED
                : outcome.map(CorrectionOutcome::state)
                        .orElse(plan.isPresent() ? JobState.SWEEPING : JobState.WAITING_FOR_LABELS);
        JobProgress.Labels labelProgress = new JobProgress.Labels(labels.size(),
                labels.isEmpty() ? null : labels.get(0).regionCount(),
                (int) labels.stream().filter(RegionLabeled::misclassificationRegion).count());
        return new JobProgress(jobId, state, outcome.map(CorrectionOutcome::message).orElse(null), labelProgress,
                plan.map(p -> sweep(p, store.pointResults(jobId))).orElse(null), activity.running(jobId),
                store.summary(jobId).orElse(null),
                registered.map(e -> new JobProgress.RegisteredModel(e.modelId(), e.modelKey(), e.manifestKey(),
                        e.lambda(), e.metrics())).orElse(null));
    }

    private static JobProgress.Sweep sweep(SweepPlan plan, List<PointResult> results) {
        List<JobProgress.Point> points = new ArrayList<>();
        int done = 0;
        int failed = 0;
        for (PointSpec spec : plan.points()) {
            PointResult r = results.stream()
                    .filter(x -> x.variant() == spec.variant() && x.index() == spec.index()).findFirst().orElse(null);
            if (r == null) {
                points.add(new JobProgress.Point(spec.variant(), spec.lambda(), spec.index(), "PENDING", null, null,
                        null, null, null, null, null));
                continue;
            }
            done++;
            if (!r.succeeded()) {
                failed++;
            }
            var m = r.metrics();
            points.add(new JobProgress.Point(spec.variant(), spec.lambda(), spec.index(), r.status().name(),
                    m == null ? null : m.testAccuracy(), m == null ? null : m.validationAccuracy(),
                    m == null ? null : m.regionAccuracy(), m == null ? null : m.bestEpoch(), r.worker(),
                    r.succeeded() ? r.trainingSeconds() : null, r.error()));
        }
        return new JobProgress.Sweep(plan.points().size(), done, failed, points, plan.baselineNote());
    }
}
