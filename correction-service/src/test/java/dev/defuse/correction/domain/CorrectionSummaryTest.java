package dev.defuse.correction.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defuse.common.events.BaselineData;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.job.CorrectionParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary picks a point per variant and names the registered model's metrics. */
class CorrectionSummaryTest {

    private static final String SHA = "0".repeat(64);
    private static final StoredImageSet SET = new StoredImageSet(new TensorRef("tensors/job-1/correction/a.dft", SHA),
            new TensorRef("tensors/job-1/correction/a-labels.dft", SHA), 10, SHA);

    private static SweepPlan plan() {
        return new SweepPlan("job-1", Instant.EPOCH, "base", "models/base/params.bin", CorrectionParams.defaults(),
                List.of(new RegionDecision(0, true, 7, 1.0, 10, 10, 4), new RegionDecision(1, false, 3, 0.8, 0, 0, 0)),
                SET, SET, SET, "note", BaselineData.RAW_MISTAKES, List.of(new PointSpec(SweepVariant.DEFUSE, 1.0, 0, 2),
                new PointSpec(SweepVariant.DEFUSE, 10.0, 1, 2), new PointSpec(SweepVariant.BASELINE, 1.0, 0, 1)));
    }

    @Test
    void eachVariantGetsItsBestPointAndTheMetricsAreNamedByRow() {
        PointMetrics base = new PointMetrics(0.98, 0.975, 0.08, 0.29, Map.of(0, 0.29), 0, List.of());
        List<PointResult> results = List.of(
                Points.done(SweepVariant.DEFUSE, 0, 1.0, 0.981, 0.07, 0.982, 0.95),
                Points.done(SweepVariant.DEFUSE, 1, 10.0, 0.979, 0.05, 0.975, 0.99),
                Points.done(SweepVariant.BASELINE, 0, 1.0, 0.980, 0.07, 0.981, 0.58));

        CorrectionSummary summary = CorrectionSummary.of(plan(), base, results);

        assertThat(summary.defuse().lambda()).isEqualTo(1.0);
        assertThat(summary.baseline().lambda()).isEqualTo(1.0);
        assertThat(summary.misclassificationRegions()).containsExactly(0);
        assertThat(summary.metrics())
                .containsEntry("test_accuracy", 0.982).containsEntry("region_accuracy", 0.95)
                .containsEntry("region_0_accuracy", 0.95).containsEntry("validation_accuracy", 0.981)
                .containsEntry("base_test_accuracy", 0.98).containsEntry("base_region_accuracy", 0.29)
                .containsEntry("baseline_region_accuracy", 0.58).containsEntry("baseline_lambda", 1.0)
                .containsEntry("lambda", 1.0).containsEntry("misclassification_regions", 1.0);
        assertThat(summary.tradeoff()).hasSize(3)
                .filteredOn(TradeoffPoint::chosen).extracting(TradeoffPoint::variant)
                .containsExactlyInAnyOrder(SweepVariant.DEFUSE, SweepVariant.BASELINE);
        assertThat(summary.tradeoffCsv().lines()).hasSize(4)
                .first().isEqualTo("variant,lambda,index,status,test_accuracy,validation_accuracy,region_accuracy,"
                        + "best_epoch,chosen");
        assertThat(summary.tradeoffCsv()).contains("DEFUSE,10.0,1,DONE,0.975000,0.979000,0.990000,1,false");
    }

    @Test
    void aSweepWhoseDefusePointsAllFailedHasNoSummary() {
        PointMetrics base = new PointMetrics(0.98, 0.975, 0.08, 0.29, Map.of(0, 0.29), 0, List.of());
        assertThatThrownBy(() -> CorrectionSummary.of(plan(), base, List.of(Points.failed(0, 1.0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of memory");
    }
}
