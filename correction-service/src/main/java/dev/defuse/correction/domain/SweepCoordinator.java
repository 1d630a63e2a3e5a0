package dev.defuse.correction.domain;

import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.correction.config.CorrectionConfig;
import dev.defuse.correction.messaging.EventPublisher;
import dev.defuse.correction.ml.JobData;
import dev.defuse.correction.ml.JobDataLoader;
import dev.defuse.correction.ml.ModelEvaluator;
import dev.defuse.correction.ml.ModelIds;
import dev.defuse.correction.store.CorrectionKeys;
import dev.defuse.correction.store.CorrectionStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Finishes a job once every point of its sweep has a result: evaluates the base model, picks each variant's λ
 * ({@link LambdaSelection}), writes the summary and the λ trade-off curve, stores the chosen Defuse model in the
 * registry with its lineage and publishes {@code ModelRegistered}.
 *
 * <p>It runs after every sweep point (trained or skipped as a redelivery), on the replica that processed it, before
 * that point's record is acknowledged: whoever completes the sweep finishes the job, and if it crashes while doing so
 * the point is redelivered and the next replica finishes it. Everything it does is deterministic and idempotent (the
 * model id and the event id derive from the job id, the registry refuses other parameters under the same id, and
 * {@code registered.json} ends it), so even two replicas finishing the same job at the same moment register one
 * model and publish the same event id, which consumers deduplicate.
 */
@ApplicationScoped
public class SweepCoordinator {

    private static final Logger LOG = Logger.getLogger(SweepCoordinator.class);

    private final CorrectionStore store;
    private final JobDataLoader loader;
    private final ModelEvaluator evaluator;
    private final EventPublisher publisher;
    private final CorrectionConfig config;
    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public SweepCoordinator(CorrectionStore store, JobDataLoader loader, ModelEvaluator evaluator,
                            EventPublisher publisher, CorrectionConfig config, MeterRegistry meters) {
        this.store = store;
        this.loader = loader;
        this.evaluator = evaluator;
        this.publisher = publisher;
        this.config = config;
        this.meters = meters;
    }

    /** Finishes the job if its sweep is complete and it is not finished yet; returns whether it registered now. */
    public boolean tryFinish(String jobId) {
        Object lock = locks.computeIfAbsent(jobId, id -> new Object());
        synchronized (lock) {
            try {
                return finishIfComplete(jobId);
            } finally {
                locks.remove(jobId, lock);
            }
        }
    }

    private boolean finishIfComplete(String jobId) {
        if (store.registered(jobId).isPresent() || store.outcome(jobId).isPresent()) {
            return false;
        }
        SweepPlan plan = store.plan(jobId).orElse(null);
        if (plan == null || store.pointResultKeys(jobId).size() < plan.points().size()) {
            return false;
        }
        List<PointResult> results = store.pointResults(jobId).stream()
                .filter(r -> plan.points().stream().anyMatch(p -> p.variant() == r.variant() && p.index() == r.index()))
                .toList();
        if (results.size() < plan.points().size()) {
            return false;
        }
        LOG.infof("job %s: all %d sweep points are done; choosing λ and registering the model", jobId,
                results.size());
        JobData data = loader.load(plan);
        PointMetrics base = evaluator.evaluateBase(data);
        CorrectionSummary summary;
        try {
            summary = CorrectionSummary.of(plan, base, results);
        } catch (IllegalStateException e) {
            LOG.errorf("job %s failed: %s", jobId, e.getMessage());
            store.saveOutcome(new CorrectionOutcome(jobId, JobState.FAILED, e.getMessage(), Instant.now()));
            return false;
        }
        store.saveSummary(summary);
        PointResult chosen = results.stream().filter(r -> r.variant() == SweepVariant.DEFUSE
                && r.index() == summary.defuse().index()).findFirst().orElseThrow();
        ModelManifest manifest;
        try {
            manifest = register(plan, data, summary, chosen);
        } catch (IllegalArgumentException | IllegalStateException | ModelLoadException e) {
            // the registry refuses the model (id taken by another job, damaged candidate): retrying cannot help
            LOG.errorf("job %s failed: cannot register its model: %s", jobId, e.getMessage());
            store.saveOutcome(new CorrectionOutcome(jobId, JobState.FAILED, "cannot register the model: "
                    + e.getMessage(), Instant.now()));
            return false;
        }
        ModelRegistered event = ModelRegistered.of(jobId, manifest.modelId(),
                ObjectKeys.modelParams(manifest.modelId()), ObjectKeys.modelManifest(manifest.modelId()),
                plan.baseModelKey(), SweepVariant.DEFUSE, chosen.lambda(), summary.metrics(),
                new ModelRegistered.Lineage(data.spec().dataset().prefix(), data.trainingFingerprint(),
                        summary.defuse().metrics().bestEpoch(), plan.params().seed()));
        publisher.publishModel(event);
        store.saveRegistered(event);
        meters.counter("defuse.correction.models.registered").increment();
        LOG.infof("job %s: registered %s (λ=%s): test %.4f → %.4f, region %.4f → %.4f%s", jobId, manifest.modelId(),
                chosen.lambda(), base.testAccuracy(), summary.defuse().metrics().testAccuracy(),
                base.regionAccuracy(), summary.defuse().metrics().regionAccuracy(),
                summary.baseline() == null ? "" : String.format(Locale.ROOT, "; baseline (λ=%s) region %.4f",
                        summary.baseline().lambda(), summary.baseline().metrics().regionAccuracy()));
        if (!config.keepCandidateParameters()) {
            int deleted = store.deleteCandidateParameters(jobId, chosen.parametersKey(),
                    summary.baseline() == null ? null : summary.baseline().parametersKey());
            LOG.debugf("job %s: deleted %d candidate parameter blobs", jobId, deleted);
        }
        return true;
    }

    /** Stores the chosen point as the job's model; a model this job registered before is reused as it is. */
    private ModelManifest register(SweepPlan plan, JobData data, CorrectionSummary summary, PointResult chosen) {
        String modelId = ModelIds.corrected(plan.jobId(), SweepVariant.DEFUSE);
        ModelRepository registry = ModelRepository.objectStore(store.objectStore());
        if (registry.exists(modelId)) {
            ModelManifest existing = registry.manifest(modelId);
            if (plan.jobId().equals(existing.lineage().get("job"))) {
                LOG.infof("job %s: model %s is registered already (an earlier attempt); publishing it", plan.jobId(),
                        modelId);
                return existing;
            }
            throw new IllegalStateException("model id " + modelId + " is taken by a model of another job ("
                    + existing.lineage().get("job") + ")");
        }
        ModelManifest manifest = chosen.candidate().withModelId(modelId).withMetrics(summary.metrics())
                .withLineage(lineage(plan, data, summary));
        registry.save(new ModelArtifact(manifest, store.parameters(chosen.parametersKey())));
        return manifest;
    }

    private static Map<String, String> lineage(SweepPlan plan, JobData data, CorrectionSummary summary) {
        Map<String, String> lineage = new TreeMap<>();
        lineage.put("job", plan.jobId());
        lineage.put("base_model", plan.baseModelId());
        lineage.put("base_model_key", plan.baseModelKey());
        lineage.put("dataset_prefix", data.spec().dataset().prefix());
        lineage.put("dataset_fingerprint", data.trainingFingerprint());
        lineage.put("variant", SweepVariant.DEFUSE.name());
        lineage.put("lambda", Double.toString(summary.defuse().lambda()));
        lineage.put("epochs", Integer.toString(summary.defuse().metrics().bestEpoch()));
        lineage.put("epochs_trained", Integer.toString(plan.params().epochs()));
        lineage.put("lambda_grid", plan.params().lambdas().toString());
        lineage.put("selection", LambdaSelection.RULE);
        lineage.put("validation_split", data.validationSplit().fraction() + " seed " + data.validationSplit().seed()
                + " (" + data.validationSplit().source() + ")");
        lineage.put("misclassification_regions", plan.misclassificationRegionIds().toString());
        lineage.put("failure_images", Integer.toString(plan.defuseData().count()));
        lineage.put("region_test_images", Integer.toString(plan.regionTest().count()));
        lineage.put("baseline", summary.baseline() == null
                ? "none: " + plan.baselineNote()
                : "lambda " + summary.baseline().lambda() + " on " + plan.baselineData().count()
                        + " identified mistakes (" + plan.baselineKind().key() + ")");
        lineage.put("baseline_data", plan.baselineKind().key());
        lineage.put("summary", CorrectionKeys.summary(plan.jobId()));
        return lineage;
    }
}
