package dev.defuse.correction.domain;

import dev.defuse.common.data.ImageShape;
import dev.defuse.common.events.BaselineData;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.job.CorrectionParams;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.ml.model.ModelKeys;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.TensorFormatException;
import dev.defuse.correction.config.CorrectionConfig;
import dev.defuse.correction.store.CorrectionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns a job's labels into its sweep: records each region's decision durably, and when labeling completed builds
 * the failure data (D_f of both variants, the misclassification-region test set) and the plan. Every step is
 * idempotent, so a redelivered record changes nothing.
 */
@ApplicationScoped
public class LabelsIntake {

    private static final Logger LOG = Logger.getLogger(LabelsIntake.class);

    private final CorrectionStore store;
    private final CorrectionConfig config;

    public LabelsIntake(CorrectionStore store, CorrectionConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Records a region's decision; false when it was recorded before. */
    public boolean record(RegionLabeled labeled) {
        boolean fresh = store.saveRegionLabels(labeled);
        LOG.debugf("job %s region %d: %s (%s)", labeled.jobId(), labeled.regionId(),
                labeled.misclassificationRegion() ? "misclassification region, label " + labeled.label() : "no",
                fresh ? "recorded" : "already recorded");
        return fresh;
    }

    /**
     * The sweep points to publish for a job whose labeling completed: none when they were published before or the job
     * ended without a sweep (no misclassification region, or unusable input: the outcome says why).
     */
    public List<SweepPoint> complete(LabelingCompleted done) {
        String jobId = done.jobId();
        if (store.published(jobId) || store.outcome(jobId).isPresent() || store.registered(jobId).isPresent()) {
            LOG.debugf("job %s: labeling completion seen before", jobId);
            return List.of();
        }
        Optional<SweepPlan> existing = store.plan(jobId);
        SweepPlan plan;
        if (existing.isPresent()) {
            plan = existing.get();
        } else {
            try {
                plan = createPlan(done);
            } catch (IllegalArgumentException | IllegalStateException | ObjectNotFoundException
                     | ChecksumMismatchException | TensorFormatException e) {
                // the input itself is unusable: redelivery would fail the same way
                LOG.errorf("job %s cannot be corrected: %s", jobId, e.getMessage());
                store.saveOutcome(new CorrectionOutcome(jobId, JobState.FAILED, e.getMessage(), Instant.now()));
                return List.of();
            }
            if (plan == null) {
                return List.of();
            }
        }
        return plan.points().stream().map(p -> p.toEvent(jobId)).toList();
    }

    /** Every point of the job's plan was acknowledged by the broker. */
    public void published(String jobId, int points) {
        store.markPublished(jobId, points);
    }

    /** Builds and stores the plan; null (with an outcome stored) when there is nothing to correct. */
    SweepPlan createPlan(LabelingCompleted done) {
        String jobId = done.jobId();
        JobSpec spec = store.spec(jobId);
        List<RegionLabeled> labels = store.regionLabels(jobId).stream()
                .sorted(Comparator.comparingInt(RegionLabeled::regionId)).toList();
        checkComplete(done, labels);
        List<RegionLabeled> misclassification = labels.stream()
                .filter(RegionLabeled::misclassificationRegion).toList();
        if (misclassification.isEmpty()) {
            String message = "labeling found no misclassification region among " + labels.size()
                    + " region(s): there is nothing to fine-tune on";
            LOG.infof("job %s: %s", jobId, message);
            store.saveOutcome(new CorrectionOutcome(jobId, JobState.NOTHING_TO_CORRECT, message, Instant.now()));
            return null;
        }
        String baseModelId = ModelKeys.modelId(spec.classifierModelKey(), "classifierModelKey");
        if (!ModelRepository.objectStore(store.objectStore()).exists(baseModelId)) {
            throw new IllegalStateException("the job's classifier " + spec.classifierModelKey()
                    + " is not in the model registry");
        }
        ImageShape shape = spec.dataset().imageShape();
        RegionSampleReader samples = new RegionSampleReader(store.objectStore());
        RegionImages defuse = samples.read(jobId, misclassification, RegionSampleReader.FINETUNE, shape,
                spec.classes());
        RegionImages regionTest = samples.read(jobId, misclassification, RegionSampleReader.TEST, shape,
                spec.classes());
        IdentifiedMistakesReader.Result baseline = baseline(jobId, misclassification, spec);
        if (baseline.images() == null) {
            LOG.warnf("job %s: no baseline sweep: %s", jobId, baseline.note());
        }

        List<RegionDecision> regions = new ArrayList<>();
        Map<Integer, Long> finetuneCounts = count(defuse.regions());
        Map<Integer, Long> testCounts = count(regionTest.regions());
        for (RegionLabeled r : labels) {
            regions.add(new RegionDecision(r.regionId(), r.misclassificationRegion(), r.label(), r.agreement(),
                    finetuneCounts.getOrDefault(r.regionId(), 0L).intValue(),
                    testCounts.getOrDefault(r.regionId(), 0L).intValue(),
                    baseline.perRegion().getOrDefault(r.regionId(), 0)));
        }
        CorrectionParams params = spec.correction();
        List<PointSpec> points = new ArrayList<>();
        addPoints(points, SweepVariant.DEFUSE, params.lambdas());
        if (baseline.images() != null) {
            addPoints(points, SweepVariant.BASELINE, params.lambdas());
        }
        SweepPlan plan = new SweepPlan(jobId, Instant.now(), baseModelId, spec.classifierModelKey(), params, regions,
                store.saveImageSet(jobId, "defuse-finetune", defuse),
                store.saveImageSet(jobId, "region-test", regionTest),
                baseline.images() == null ? null : store.saveImageSet(jobId, "baseline-finetune", baseline.images()),
                baseline.note(), config.baselineData(), points);
        store.savePlan(plan);
        LOG.infof("job %s: %d misclassification region(s), D_f %d images, region test set %d images, baseline %s; "
                        + "%d sweep points", jobId, misclassification.size(), defuse.size(), regionTest.size(),
                baseline.images() == null ? "none" : baseline.images().size() + " images", points.size());
        return plan;
    }

    /** The baseline's data; a baseline that cannot be built leaves the Defuse sweep alone. */
    private IdentifiedMistakesReader.Result baseline(String jobId, List<RegionLabeled> regions, JobSpec spec) {
        if (!config.baselineEnabled()) {
            return new IdentifiedMistakesReader.Result(null, Map.of(),
                    "the baseline is turned off (defuse.correction.baseline-enabled=false)");
        }
        try {
            return new IdentifiedMistakesReader(store.objectStore()).read(jobId, config.baselineData(), regions,
                    spec.dataset().imageShape(), spec.classes(), config.baselineMaxImages(), spec.correction().seed());
        } catch (RuntimeException e) {
            return new IdentifiedMistakesReader.Result(null, Map.of(),
                    "the identified mistakes could not be read: " + e.getMessage());
        }
    }

    private static void addPoints(List<PointSpec> points, SweepVariant variant, List<Double> lambdas) {
        for (int i = 0; i < lambdas.size(); i++) {
            points.add(new PointSpec(variant, lambdas.get(i), i, lambdas.size()));
        }
    }

    /** Every region 0..regionCount-1 must have its decision recorded before the completion. */
    private static void checkComplete(LabelingCompleted done, List<RegionLabeled> labels) {
        Set<Integer> missing = new TreeSet<>();
        for (int r = 0; r < done.regionCount(); r++) {
            missing.add(r);
        }
        labels.forEach(l -> missing.remove(l.regionId()));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("labeling of job " + done.jobId() + " completed with "
                    + done.regionCount() + " regions, but no decision was recorded for region(s) " + missing);
        }
    }

    private static Map<Integer, Long> count(int[] regions) {
        return Arrays.stream(regions).boxed().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
    }
}
