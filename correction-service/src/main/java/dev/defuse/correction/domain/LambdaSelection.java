package dev.defuse.correction.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * How a sweep picks its λ (paper §3.3: "the best λ by validation accuracy"). Among the points that succeeded:
 * <ol>
 *   <li>the highest validation accuracy (held-out split of the training data, never test or region data);</li>
 *   <li>on a tie, the lowest validation loss (the same held-out data, a continuous score);</li>
 *   <li>on a further tie, the smallest λ: with equal evidence the smaller change to the objective is kept.</li>
 * </ol>
 * The λ of one variant's points are distinct, so the order is total and the choice does not depend on the order in
 * which points finished.
 */
public final class LambdaSelection {

    /** Human-readable rule, recorded in the summary and the model's lineage. */
    public static final String RULE = "max validation accuracy; ties: min validation loss, then smallest lambda";

    /** Best first. */
    public static final Comparator<PointResult> ORDER = Comparator
            .comparingDouble((PointResult r) -> r.metrics().validationAccuracy()).reversed()
            .thenComparingDouble(r -> r.metrics().validationLoss())
            .thenComparingDouble(PointResult::lambda)
            .thenComparingInt(PointResult::index);

    private LambdaSelection() {
    }

    /** The chosen point among {@code results} (failed points are ignored); empty when none succeeded. */
    public static Optional<PointResult> best(Collection<PointResult> results) {
        return results.stream().filter(PointResult::succeeded).min(ORDER);
    }
}
