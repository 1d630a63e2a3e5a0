package dev.defuse.correction.domain;

import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.util.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evaluation of a finished sweep ({@code jobs/{jobId}/correction/summary.json}): the base model, the chosen point
 * of each variant, and every point for the λ trade-off curve (the rows of the paper's Fig. 4 and Fig. 5).
 *
 * @param baseline the chosen baseline point, null when the baseline did not run or every point of it failed
 */
public record CorrectionSummary(String jobId, Instant createdAt, String selectionRule,
                                List<Integer> misclassificationRegions, PointMetrics base, Choice defuse,
                                Choice baseline, List<TradeoffPoint> tradeoff) {

    /** The chosen point of one variant. */
    public record Choice(SweepVariant variant, double lambda, int index, String parametersKey, PointMetrics metrics) {

        static Choice of(PointResult r) {
            return new Choice(r.variant(), r.lambda(), r.index(), r.parametersKey(), r.metrics());
        }
    }

    public CorrectionSummary {
        misclassificationRegions = List.copyOf(misclassificationRegions);
        Require.nonNull(base, "base");
        Require.nonNull(defuse, "defuse");
        tradeoff = List.copyOf(tradeoff);
    }

    /**
     * Summarises a finished sweep: the chosen point of each variant by {@link LambdaSelection}.
     *
     * @throws IllegalStateException if no Defuse point succeeded
     */
    public static CorrectionSummary of(SweepPlan plan, PointMetrics base, Collection<PointResult> results) {
        List<PointResult> defuse = results.stream().filter(r -> r.variant() == SweepVariant.DEFUSE).toList();
        List<PointResult> baseline = results.stream().filter(r -> r.variant() == SweepVariant.BASELINE).toList();
        PointResult chosen = LambdaSelection.best(defuse).orElseThrow(() -> new IllegalStateException(
                "every point of the Defuse sweep failed; first error: " + defuse.stream()
                        .map(PointResult::error).filter(e -> e != null).findFirst().orElse("none recorded")));
        PointResult chosenBaseline = LambdaSelection.best(baseline).orElse(null);
        List<TradeoffPoint> curve = new ArrayList<>();
        results.stream()
                .sorted(Comparator.comparing(PointResult::variant).thenComparingDouble(PointResult::lambda))
                .forEach(r -> curve.add(TradeoffPoint.of(r, r == chosen || r == chosenBaseline)));
        return new CorrectionSummary(plan.jobId(), Instant.now(), LambdaSelection.RULE,
                plan.misclassificationRegionIds(), base, Choice.of(chosen),
                chosenBaseline == null ? null : Choice.of(chosenBaseline), curve);
    }

    /**
     * Flat metrics of the registered model, by name: the chosen Defuse point's ({@code test_accuracy},
     * {@code validation_accuracy}, {@code region_accuracy}, {@code region_<id>_accuracy}), the base model's
     * ({@code base_…}) and the baseline's ({@code baseline_…}), plus the chosen λ values.
     */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new TreeMap<>();
        put(metrics, "", defuse.metrics());
        put(metrics, "base_", base);
        metrics.put("lambda", defuse.lambda());
        metrics.put("best_epoch", (double) defuse.metrics().bestEpoch());
        metrics.put("misclassification_regions", (double) misclassificationRegions.size());
        if (baseline != null) {
            put(metrics, "baseline_", baseline.metrics());
            metrics.put("baseline_lambda", baseline.lambda());
        }
        return metrics;
    }

    private static void put(Map<String, Double> metrics, String prefix, PointMetrics m) {
        metrics.put(prefix + "test_accuracy", m.testAccuracy());
        metrics.put(prefix + "validation_accuracy", m.validationAccuracy());
        metrics.put(prefix + "region_accuracy", m.regionAccuracy());
        m.regionAccuracies().forEach((region, accuracy) ->
                metrics.put(prefix + "region_" + region + "_accuracy", accuracy));
    }

    /** The trade-off curve as CSV: {@code variant,lambda,index,status,test_accuracy,validation_accuracy,…}. */
    public String tradeoffCsv() {
        StringBuilder csv = new StringBuilder(
                "variant,lambda,index,status,test_accuracy,validation_accuracy,region_accuracy,best_epoch,chosen\n");
        for (TradeoffPoint p : tradeoff) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%s,%s,%s%n", p.variant(), p.lambda(), p.index(),
                    p.status(), cell(p.testAccuracy()), cell(p.validationAccuracy()), cell(p.regionAccuracy()),
                    p.bestEpoch() == null ? "" : p.bestEpoch(), p.chosen()));
        }
        return csv.toString();
    }

    private static String cell(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6f", value);
    }
}
