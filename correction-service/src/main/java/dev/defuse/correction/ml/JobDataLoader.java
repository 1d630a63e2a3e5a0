package dev.defuse.correction.ml;

import dev.defuse.common.data.DatasetSplit;
import dev.defuse.common.data.DatasetStore;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.ml.train.ClassifierTrainingReport;
import dev.defuse.correction.config.CorrectionConfig;
import dev.defuse.correction.domain.RegionImages;
import dev.defuse.correction.domain.SweepPlan;
import dev.defuse.correction.domain.ValidationSplit;
import dev.defuse.correction.store.CorrectionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Loads what a job's sweep points train and evaluate on and keeps the most recent jobs in memory, so a replica
 * reads the dataset and the base model once per job rather than once per point.
 */
@ApplicationScoped
public class JobDataLoader {

    private static final Logger LOG = Logger.getLogger(JobDataLoader.class);

    private final CorrectionStore store;
    private final CorrectionConfig config;
    private final Map<String, JobData> cache = new LinkedHashMap<>(4, 0.75f, true);

    public JobDataLoader(CorrectionStore store, CorrectionConfig config) {
        this.store = store;
        this.config = config;
    }

    /** The data of {@code plan}'s job, from memory when this replica loaded it before. */
    public synchronized JobData load(SweepPlan plan) {
        JobData cached = cache.get(plan.jobId());
        if (cached != null && cached.plan().equals(plan)) {
            return cached;
        }
        long start = System.nanoTime();
        JobData data = read(plan);
        cache.put(plan.jobId(), data);
        while (cache.size() > Math.max(1, config.dataCacheJobs())) {
            cache.remove(cache.keySet().iterator().next());
        }
        LOG.infof("job %s: loaded %d training, %d validation (%s), %d test and %d region test images in %.1f s",
                plan.jobId(), data.train().size(), data.validation().size(), data.validationSplit().source(),
                data.test().size(), data.regionTest().size(), (System.nanoTime() - start) / 1e9);
        return data;
    }

    private JobData read(SweepPlan plan) {
        JobSpec spec = store.spec(plan.jobId());
        ModelArtifact base = ModelRepository.objectStore(store.objectStore()).load(plan.baseModelId());
        DatasetStore datasets = new DatasetStore(store.objectStore());
        LabeledImages training = datasets.load(spec.dataset(), DatasetSplit.TRAIN, spec.classes());
        LabeledImages test = datasets.load(spec.dataset(), DatasetSplit.TEST, spec.classes());
        String trainingFingerprint = training.fingerprint();
        ValidationSplit split = validationSplit(plan, base.manifest(), trainingFingerprint);
        LabeledImages.Split parts = training.split(split.fraction(), split.seed());
        Map<SweepVariant, RegionImages> failures = new EnumMap<>(SweepVariant.class);
        failures.put(SweepVariant.DEFUSE, store.loadImageSet(plan.defuseData(), spec.classes()));
        if (plan.baselineData() != null) {
            failures.put(SweepVariant.BASELINE, store.loadImageSet(plan.baselineData(), spec.classes()));
        }
        return new JobData(spec, plan, base, parts.second(), parts.first(), test,
                store.loadImageSet(plan.regionTest(), spec.classes()), failures, split, trainingFingerprint);
    }

    /**
     * The base model's own held-out share when it was trained on exactly this training split (so no validation
     * image was seen in training), else the job's.
     */
    static ValidationSplit validationSplit(SweepPlan plan, ModelManifest base, String trainingFingerprint) {
        if (base.training() instanceof ClassifierTrainingReport report
                && report.config().validationFraction() > 0
                && base.datasetFingerprint().equals(trainingFingerprint)) {
            return new ValidationSplit(report.config().validationFraction(), report.config().seed(),
                    ValidationSplit.FROM_BASE_MODEL);
        }
        return new ValidationSplit(plan.params().validationFraction(), plan.params().seed(), ValidationSplit.FROM_JOB);
    }
}
