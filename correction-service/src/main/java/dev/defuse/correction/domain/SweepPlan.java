package dev.defuse.correction.domain;

import dev.defuse.common.events.BaselineData;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.job.CorrectionParams;
import dev.defuse.common.util.Require;
import java.time.Instant;
import java.util.List;

/**
 * A job's correction sweep, written once when labeling completed ({@code jobs/{jobId}/correction/plan.json}) and
 * read by every replica that trains one of its points.
 *
 * @param baseModelId     the classifier under test (the spec's {@code classifierModelKey} names it)
 * @param params          λ grid, epochs, batch size, learning rate, validation share, seed (from the job spec)
 * @param regions         every region of the job, sorted by id
 * @param defuseData      D_f of the Defuse variant: finetune samples of the misclassification regions
 * @param regionTest      the misclassification-region test set: their test samples
 * @param baselineData    D_f of the baseline: identified mistakes, of the kind {@code baselineKind} (null when the
 *                        baseline does not run; {@code baselineNote} says why)
 * @param baselineNote    how the baseline data was assembled, or why there is none
 * @param baselineKind    which identified mistakes and labels the baseline uses
 * @param points          every sweep point, Defuse first
 */
public record SweepPlan(String jobId, Instant createdAt, String baseModelId, String baseModelKey,
                        CorrectionParams params, List<RegionDecision> regions, StoredImageSet defuseData,
                        StoredImageSet regionTest, StoredImageSet baselineData, String baselineNote,
                        BaselineData baselineKind, List<PointSpec> points) {

    public SweepPlan {
        Require.jobId(jobId);
        Require.nonNull(params, "params");
        regions = List.copyOf(regions);
        Require.nonNull(defuseData, "defuseData");
        Require.nonNull(regionTest, "regionTest");
        Require.nonNull(baselineKind, "baselineKind");
        points = List.copyOf(Require.nonEmpty(points, "points"));
    }

    /** The points of one variant, by index. */
    public List<PointSpec> points(SweepVariant variant) {
        return points.stream().filter(p -> p.variant() == variant).toList();
    }

    /** Ids of the misclassification regions, ascending. */
    public List<Integer> misclassificationRegionIds() {
        return regions.stream().filter(RegionDecision::misclassificationRegion).map(RegionDecision::regionId).toList();
    }

    /** The failure data a variant fine-tunes on. */
    public StoredImageSet failureData(SweepVariant variant) {
        StoredImageSet data = variant == SweepVariant.DEFUSE ? defuseData : baselineData;
        Require.check(data != null, "job " + jobId + " has no " + variant + " failure data: " + baselineNote);
        return data;
    }
}
