package dev.defuse.correction.domain;

import dev.defuse.common.events.SweepVariant;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sweep point results with chosen metrics, for tests of the selection and the summary. */
final class Points {

    private Points() {
    }

    static PointResult done(SweepVariant variant, int index, double lambda, double validationAccuracy,
                            double validationLoss, double testAccuracy, double regionAccuracy) {
        PointMetrics metrics = new PointMetrics(testAccuracy, validationAccuracy, validationLoss, regionAccuracy,
                Map.of(0, regionAccuracy), 1, List.of());
        return new PointResult("job-1", variant, lambda, index, 5, PointStatus.DONE,
                "jobs/job-1/correction/sweep/" + variant.name().toLowerCase() + "-" + index + "-0123456789abcdef.params",
                null, metrics, null, 1, "host", 1.0, 0.1, Instant.EPOCH);
    }

    static PointResult done(int index, double lambda, double validationAccuracy, double validationLoss) {
        return done(SweepVariant.DEFUSE, index, lambda, validationAccuracy, validationLoss, 0.9, 0.5);
    }

    static PointResult failed(int index, double lambda) {
        return PointResult.failed(new PointSpec(SweepVariant.DEFUSE, lambda, index, 5), "job-1", "out of memory", 2,
                "host");
    }
}
