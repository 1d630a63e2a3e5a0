package dev.defuse.correction.store;

import dev.defuse.common.data.ImageShape;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.events.EventJson;
import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.Sha256;
import dev.defuse.common.store.StoredObject;
import dev.defuse.common.util.Require;
import dev.defuse.correction.domain.CorrectionOutcome;
import dev.defuse.correction.domain.CorrectionSummary;
import dev.defuse.correction.domain.PointResult;
import dev.defuse.correction.domain.RegionImages;
import dev.defuse.correction.domain.StoredImageSet;
import dev.defuse.correction.domain.SweepPlan;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A job's correction state in the object store ({@link CorrectionKeys}). Everything a replica needs to resume a job
 * lives here, so any replica can pick up any sweep point and a restart loses nothing.
 */
@ApplicationScoped
public class CorrectionStore {

    private final ObjectStore store;
    private final EventJson events = new EventJson();

    public CorrectionStore(ObjectStore store) {
        this.store = store;
    }

    public ObjectStore objectStore() {
        return store;
    }

    /** The job's spec ({@code jobs/{jobId}/spec.json}). */
    public JobSpec spec(String jobId) {
        return store.getJson(ObjectKeys.jobSpec(jobId), JobSpec.class);
    }

    public boolean specExists(String jobId) {
        return store.exists(ObjectKeys.jobSpec(jobId));
    }

    // ---------------------------------------------------------------- labels

    /** Records a region's decision; returns false if it was recorded before (a redelivery). */
    public boolean saveRegionLabels(RegionLabeled labeled) {
        String key = CorrectionKeys.regionLabels(labeled.jobId(), labeled.regionId());
        if (store.exists(key)) {
            return false;
        }
        store.putBlob(key, events.write(labeled));
        return true;
    }

    /** Every recorded region decision of a job, by region id. */
    public List<RegionLabeled> regionLabels(String jobId) {
        List<RegionLabeled> labels = new ArrayList<>();
        for (String key : store.list(CorrectionKeys.labelsPrefix(jobId))) {
            labels.add((RegionLabeled) events.read(key, store.getBlob(key)));
        }
        return labels;
    }

    // ---------------------------------------------------------------- plan

    public Optional<SweepPlan> plan(String jobId) {
        return optionalJson(CorrectionKeys.plan(jobId), SweepPlan.class);
    }

    public void savePlan(SweepPlan plan) {
        store.putJson(CorrectionKeys.plan(plan.jobId()), plan);
    }

    public boolean published(String jobId) {
        return store.exists(CorrectionKeys.published(jobId));
    }

    public void markPublished(String jobId, int points) {
        store.putJson(CorrectionKeys.published(jobId), Map.of("points", points, "at", Instant.now().toString()));
    }

    // ---------------------------------------------------------------- sweep points

    public boolean pointDone(String jobId, SweepVariant variant, int index) {
        return store.exists(CorrectionKeys.pointResult(jobId, variant, index));
    }

    public Optional<PointResult> pointResult(String jobId, SweepVariant variant, int index) {
        return optionalJson(CorrectionKeys.pointResult(jobId, variant, index), PointResult.class);
    }

    /** Writes a candidate's parameters; returns their key (named by checksum, see {@link CorrectionKeys}). */
    public String savePointParameters(String jobId, SweepVariant variant, int index, byte[] parameters) {
        String key = CorrectionKeys.pointParameters(jobId, variant, index,
                Sha256.hex(parameters));
        store.putBlob(key, parameters);
        return key;
    }

    /** Writes a point's result (after its parameters): from now on the point counts as done. */
    public void savePointResult(PointResult result) {
        store.putJson(CorrectionKeys.pointResult(result.jobId(), result.variant(), result.index()), result);
    }

    /** Keys of the job's point results (not their parameters). */
    public List<String> pointResultKeys(String jobId) {
        return store.list(CorrectionKeys.sweepPrefix(jobId)).stream().filter(CorrectionKeys::isPointResult).toList();
    }

    public List<PointResult> pointResults(String jobId) {
        return pointResultKeys(jobId).stream().map(key -> store.getJson(key, PointResult.class)).toList();
    }

    public byte[] parameters(String key) {
        return store.getBlob(key);
    }

    /** Deletes every candidate parameter blob of a job except {@code keep} (null entries ignored); returns how many. */
    public int deleteCandidateParameters(String jobId, String... keep) {
        Set<String> kept = new HashSet<>();
        for (String key : keep) {
            if (key != null) {
                kept.add(key);
            }
        }
        int deleted = 0;
        for (String key : store.list(CorrectionKeys.sweepPrefix(jobId))) {
            if (!CorrectionKeys.isPointResult(key) && !kept.contains(key)) {
                store.delete(key);
                deleted++;
            }
        }
        return deleted;
    }

    // ---------------------------------------------------------------- outcome

    public void saveSummary(CorrectionSummary summary) {
        store.putJson(CorrectionKeys.summary(summary.jobId()), summary);
        store.putBlob(CorrectionKeys.tradeoffCsv(summary.jobId()),
                summary.tradeoffCsv().getBytes(StandardCharsets.UTF_8));
    }

    public Optional<CorrectionSummary> summary(String jobId) {
        return optionalJson(CorrectionKeys.summary(jobId), CorrectionSummary.class);
    }

    public Optional<ModelRegistered> registered(String jobId) {
        String key = CorrectionKeys.registered(jobId);
        try {
            return Optional.of((ModelRegistered) events.read(key, store.getBlob(key)));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    public void saveRegistered(ModelRegistered event) {
        store.putBlob(CorrectionKeys.registered(event.jobId()), events.write(event));
    }

    public Optional<CorrectionOutcome> outcome(String jobId) {
        return optionalJson(CorrectionKeys.outcome(jobId), CorrectionOutcome.class);
    }

    public void saveOutcome(CorrectionOutcome outcome) {
        store.putJson(CorrectionKeys.outcome(outcome.jobId()), outcome);
    }

    // ---------------------------------------------------------------- image sets

    /** Writes labelled region images as two tensors ({@link StoredImageSet}). */
    public StoredImageSet saveImageSet(String jobId, String name, RegionImages set) {
        LabeledImages images = set.images();
        Require.check(images.size() > 0, "image set '" + name + "' of job " + jobId + " is empty");
        float[] meta = new float[images.size() * 2];
        int[] labels = images.labels();
        for (int i = 0; i < labels.length; i++) {
            meta[2 * i] = labels[i];
            meta[2 * i + 1] = set.regions()[i];
        }
        StoredObject pixels = store.putTensor(CorrectionKeys.images(jobId, name), images.toTensor());
        StoredObject labelRows = store.putTensor(CorrectionKeys.labels(jobId, name),
                new FloatTensor(new int[] {images.size(), 2}, meta));
        return new StoredImageSet(pixels.ref(), labelRows.ref(), images.size(), images.fingerprint());
    }

    /** Reads an image set back, verifying both tensors against the checksums the plan recorded. */
    public RegionImages loadImageSet(StoredImageSet set, List<ClassInfo> classes) {
        FloatTensor pixels = store.getTensor(set.images());
        FloatTensor meta = store.getTensor(set.labels());
        Require.check(pixels.rank() == 4 && pixels.rows() == set.count() && meta.rows() == set.count(),
                "image set " + set.images().key() + " does not have " + set.count() + " rows of [C, H, W]");
        int[] labels = new int[set.count()];
        int[] regions = new int[set.count()];
        float[] m = meta.data();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Math.round(m[2 * i]);
            regions[i] = Math.round(m[2 * i + 1]);
        }
        ImageShape shape = new ImageShape(pixels.dim(1), pixels.dim(2), pixels.dim(3));
        return new RegionImages(new LabeledImages(shape, pixels.data(), labels, classes), regions);
    }

    private <T> Optional<T> optionalJson(String key, Class<T> type) {
        try {
            return Optional.of(store.getJson(key, type));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
