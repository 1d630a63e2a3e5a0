package dev.defuse.common.job;

import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.util.Require;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A robustness job's full specification, written once to {@code jobs/{jobId}/spec.json} ({@link #specKey()}); the
 * events carry only the job id and every stage reads the spec. In JSON, a stage's parameter object (or any of its
 * fields) may be left out to take the defaults.
 *
 * @param jobId              the job's id (letters, digits, '.', '_', '-')
 * @param dataset            the training/test data
 * @param classifierModelKey object key of the classifier under test
 * @param vaeModelKey        object key of the β-VAE
 * @param classes            the classifier's classes with explicit ids (sorted by id)
 */
public record JobSpec(String jobId, DatasetRef dataset, String classifierModelKey, String vaeModelKey,
                      List<ClassInfo> classes, IdentifyParams identify, DistillParams distill,
                      LabelingParams labeling, CorrectionParams correction) {

    public JobSpec {
        Require.jobId(jobId);
        Require.nonNull(dataset, "dataset");
        ObjectKeys.validate(Require.nonBlank(classifierModelKey, "classifierModelKey"));
        ObjectKeys.validate(Require.nonBlank(vaeModelKey, "vaeModelKey"));
        classes = List.copyOf(Require.nonEmpty(classes, "classes")).stream()
                .sorted(Comparator.comparingInt(ClassInfo::id)).toList();
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (ClassInfo c : classes) {
            Require.check(ids.add(c.id()), "class id " + c.id() + " appears twice");
            Require.check(names.add(c.name()), "class name '" + c.name() + "' appears twice");
        }
        identify = identify != null ? identify : IdentifyParams.defaults();
        distill = distill != null ? distill : DistillParams.defaults();
        labeling = labeling != null ? labeling : LabelingParams.defaults();
        correction = correction != null ? correction : CorrectionParams.defaults();
    }

    /** A spec with every stage's default parameters. */
    public static JobSpec withDefaults(String jobId, DatasetRef dataset, String classifierModelKey, String vaeModelKey,
                                       List<ClassInfo> classes) {
        return new JobSpec(jobId, dataset, classifierModelKey, vaeModelKey, classes, null, null, null, null);
    }

    /** {@code jobs/{jobId}/spec.json}. */
    public String specKey() {
        return ObjectKeys.jobSpec(jobId);
    }

    /** Whether {@code classId} is one of the job's classes. */
    public boolean hasClass(int classId) {
        return classes.stream().anyMatch(c -> c.id() == classId);
    }

    /** The class with id {@code classId}. */
    public ClassInfo classById(int classId) {
        return classes.stream().filter(c -> c.id() == classId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job " + jobId + " has no class id " + classId));
    }

    public JobSpec withIdentify(IdentifyParams params) {
        return new JobSpec(jobId, dataset, classifierModelKey, vaeModelKey, classes, params, distill, labeling,
                correction);
    }

    public JobSpec withDistill(DistillParams params) {
        return new JobSpec(jobId, dataset, classifierModelKey, vaeModelKey, classes, identify, params, labeling,
                correction);
    }

    public JobSpec withLabeling(LabelingParams params) {
        return new JobSpec(jobId, dataset, classifierModelKey, vaeModelKey, classes, identify, distill, params,
                correction);
    }

    public JobSpec withCorrection(CorrectionParams params) {
        return new JobSpec(jobId, dataset, classifierModelKey, vaeModelKey, classes, identify, distill, labeling,
                params);
    }
}
