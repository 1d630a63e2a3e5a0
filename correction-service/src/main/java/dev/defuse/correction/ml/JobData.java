package dev.defuse.correction.ml;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.correction.domain.RegionImages;
import dev.defuse.correction.domain.SweepPlan;
import dev.defuse.correction.domain.ValidationSplit;
import java.util.Map;

/**
 * Everything a sweep point of one job trains and evaluates on, loaded once per replica.
 *
 * @param train      D: the training split without the validation share
 * @param validation the held-out share of the training split (seeded by the job's correction seed)
 * @param test       the dataset's test split
 * @param regionTest the misclassification-region test set
 * @param failures   D_f of each variant the plan runs
 * @param validationSplit     how {@code validation} was held out
 * @param trainingFingerprint fingerprint of the whole training split (validation included)
 */
public record JobData(JobSpec spec, SweepPlan plan, ModelArtifact base, LabeledImages train,
                      LabeledImages validation, LabeledImages test, RegionImages regionTest,
                      Map<SweepVariant, RegionImages> failures, ValidationSplit validationSplit,
                      String trainingFingerprint) {

    public RegionImages failures(SweepVariant variant) {
        RegionImages data = failures.get(variant);
        if (data == null) {
            throw new IllegalStateException("job " + spec.jobId() + " has no " + variant + " failure data: "
                    + plan.baselineNote());
        }
        return data;
    }
}
