package dev.defuse.labeling.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The consolidation rules of the Defuse paper (§4.1), as pure functions.
 *
 * <ul>
 *   <li>An item's label is the majority of its annotators' labels; "none of the above" votes are discarded first. An
 *       item whose votes are all "none of the above" has no label.
 *   <li><b>Tie rule</b>: when several classes share the highest count, the one with the smallest class id wins. It is
 *       deterministic and independent of the order in which votes arrived.
 *   <li>A region is a <em>misclassification region</em> when the share of its labeled items whose label differs from
 *       the classifier's prediction is strictly greater than ρ (a share of exactly ρ is not). Items without a label
 *       are left out of the share; a region without any labeled item is not a misclassification region.
 *   <li>The region's label is the majority (same tie rule) of its labeled items' labels.
 * </ul>
 */
public final class Aggregation {

  private Aggregation() {}

  /**
   * The majority label of one item.
   *
   * @param votes each annotator's vote: a class id, or empty for "none of the above"
   * @return the majority class id, or empty when no vote names a class
   */
  public static OptionalInt itemLabel(List<OptionalInt> votes) {
    Map<Integer, Integer> counts = new TreeMap<>();
    for (OptionalInt vote : votes) {
      vote.ifPresent(label -> counts.merge(label, 1, Integer::sum));
    }
    return majority(counts);
  }

  /**
   * The share of an item's annotators (all of them, "none of the above" voters included) who voted its majority
   * label — the per-item agreement of the paper's Fig. 7.
   *
   * @return empty when the item has no label
   */
  public static Optional<Double> agreement(List<OptionalInt> votes) {
    OptionalInt label = itemLabel(votes);
    if (label.isEmpty() || votes.isEmpty()) {
      return Optional.empty();
    }
    long agreeing = votes.stream().filter(v -> v.isPresent() && v.getAsInt() == label.getAsInt()).count();
    return Optional.of((double) agreeing / votes.size());
  }

  /**
   * Decides a region from its items.
   *
   * @param items each item's majority label (empty if none) and the classifier's prediction on it
   * @param rho the misclassification threshold ρ; the region is one when the disagreeing share is strictly above it
   */
  public static RegionDecision decideRegion(List<ItemOutcome> items, double rho) {
    Map<Integer, Integer> counts = new TreeMap<>();
    int labeled = 0;
    int disagreeing = 0;
    for (ItemOutcome item : items) {
      if (item.label().isEmpty()) {
        continue;
      }
      labeled++;
      int label = item.label().getAsInt();
      counts.merge(label, 1, Integer::sum);
      if (label != item.predicted()) {
        disagreeing++;
      }
    }
    double share = labeled == 0 ? 0.0 : (double) disagreeing / labeled;
    boolean misclassification = labeled > 0 && share > rho;
    return new RegionDecision(misclassification, majority(counts), labeled, disagreeing, share);
  }

  /** Counts keyed in ascending class id, so the first maximum found is the tie rule's winner. */
  private static OptionalInt majority(Map<Integer, Integer> countsByAscendingId) {
    int best = -1;
    int bestCount = 0;
    for (Map.Entry<Integer, Integer> e : countsByAscendingId.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return bestCount == 0 ? OptionalInt.empty() : OptionalInt.of(best);
  }

  /** One item of a region: its majority label (empty if none) and the classifier's prediction on its image. */
  public record ItemOutcome(OptionalInt label, int predicted) {
    public ItemOutcome {
      Objects.requireNonNull(label, "label");
    }
  }

  /**
   * The decision on a region.
   *
   * @param misclassification whether more than ρ of the labeled items disagree with the classifier
   * @param label majority of the labeled items' labels (empty when no item has a label)
   * @param labeledItems items that have a label
   * @param disagreeingItems labeled items whose label differs from the classifier's prediction
   * @param disagreementShare {@code disagreeingItems / labeledItems} (0 without labeled items)
   */
  public record RegionDecision(
      boolean misclassification, OptionalInt label, int labeledItems, int disagreeingItems, double disagreementShare) {}
}
