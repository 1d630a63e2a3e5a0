package dev.defuse.correction.domain;

import dev.defuse.common.events.SweepVariant;

/**
 * One point of the λ trade-off curve (paper Fig. 5): test versus misclassification-region accuracy of a sweep
 * point's kept epoch. Accuracies are null for a failed point.
 */
public record TradeoffPoint(SweepVariant variant, double lambda, int index, PointStatus status, Double testAccuracy,
                            Double validationAccuracy, Double regionAccuracy, Integer bestEpoch, boolean chosen) {

    static TradeoffPoint of(PointResult r, boolean chosen) {
        PointMetrics m = r.metrics();
        return new TradeoffPoint(r.variant(), r.lambda(), r.index(), r.status(),
                m == null ? null : m.testAccuracy(), m == null ? null : m.validationAccuracy(),
                m == null ? null : m.regionAccuracy(), m == null ? null : m.bestEpoch(), chosen);
    }
}
