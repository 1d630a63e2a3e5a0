package dev.defuse.labeling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.defuse.labeling.domain.Aggregation.ItemOutcome;
import dev.defuse.labeling.domain.Aggregation.RegionDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The consolidation rules of paper §4.1 with hand-computed answers. */
class AggregationTest {

  private static final OptionalInt NONE = OptionalInt.empty();

  private static OptionalInt v(int label) {
    return OptionalInt.of(label);
  }

  @Test
  void itemLabelIsTheMajorityOfTheVotes() {
    assertThat(Aggregation.itemLabel(List.of(v(3), v(3), v(5), v(3), v(1)))).hasValue(3);
  }

  @Test
  void noneOfTheAboveVotesAreDiscardedBeforeCounting() {
    // 2 x none, 2 x "7", 1 x "4": without the none votes, 7 is the majority.
    assertThat(Aggregation.itemLabel(List.of(NONE, v(7), NONE, v(4), v(7)))).hasValue(7);
    // none votes outnumber every class but never win.
    assertThat(Aggregation.itemLabel(List.of(NONE, NONE, NONE, v(2), v(9), v(2)))).hasValue(2);
  }

  @Test
  void anItemWhoseVotesAreAllNoneHasNoLabel() {
    assertThat(Aggregation.itemLabel(List.of(NONE, NONE, NONE, NONE, NONE))).isEmpty();
    assertThat(Aggregation.agreement(List.of(NONE, NONE, NONE))).isEmpty();
  }

  @Test
  void tiesGoToTheSmallestClassIdWhateverTheVoteOrder() {
    assertThat(Aggregation.itemLabel(List.of(v(8), v(8), v(2), v(2), v(5)))).hasValue(2);
    assertThat(Aggregation.itemLabel(List.of(v(2), v(8), v(5), v(8), v(2)))).hasValue(2);
    assertThat(Aggregation.itemLabel(List.of(NONE, v(6), v(4), NONE, NONE))).hasValue(4);
  }

  @Test
  void agreementIsTheShareOfAllAnnotatorsWhoVotedTheMajority() {
    // 3 of 5 voted the majority 1; the none vote counts in the denominator.
    assertThat(Aggregation.agreement(List.of(v(1), v(1), v(1), v(0), NONE))).hasValue(0.6);
    assertThat(Aggregation.agreement(List.of(v(4), v(4), v(4), v(4), v(4)))).hasValue(1.0);
  }

  @Test
  void regionIsAMisclassificationRegionWhenMoreThanRhoDisagree() {
    // 6 of 10 labeled items say 7 where the classifier said 1.
    List<ItemOutcome> items = items(6, 7, 1, 4, 1, 1);
    RegionDecision d = Aggregation.decideRegion(items, 0.5);
    assertThat(d.misclassification()).isTrue();
    assertThat(d.disagreementShare()).isCloseTo(0.6, within(1e-12));
    assertThat(d.label()).hasValue(7);
    assertThat(d.labeledItems()).isEqualTo(10);
    assertThat(d.disagreeingItems()).isEqualTo(6);
  }

  @Test
  void aShareOfExactlyRhoIsNotAMisclassificationRegion() {
    // 5 of 10 disagree: 0.5 is not > 0.5.
    RegionDecision d = Aggregation.decideRegion(items(5, 7, 1, 5, 1, 1), 0.5);
    assertThat(d.disagreementShare()).isEqualTo(0.5);
    assertThat(d.misclassification()).isFalse();
    // The region's label is still the majority of its items' labels: 5 x 7 vs 5 x 1 -> tie -> smallest id, 1.
    assertThat(d.label()).hasValue(1);
  }

  @Test
  void itemsWithoutLabelAreLeftOutOfTheShare() {
    List<ItemOutcome> items = new ArrayList<>(items(3, 2, 8, 2, 8, 8));
    items.add(new ItemOutcome(NONE, 8));
    items.add(new ItemOutcome(NONE, 8));
    items.add(new ItemOutcome(NONE, 8));
    // 3 of 5 labeled items disagree (0.6 > 0.5) although only 3 of 8 items do.
    RegionDecision d = Aggregation.decideRegion(items, 0.5);
    assertThat(d.labeledItems()).isEqualTo(5);
    assertThat(d.misclassification()).isTrue();
    assertThat(d.label()).hasValue(2);
  }

  @Test
  void aRegionWithoutLabeledItemsIsNotAMisclassificationRegion() {
    RegionDecision d = Aggregation.decideRegion(List.of(new ItemOutcome(NONE, 3), new ItemOutcome(NONE, 3)), 0.5);
    assertThat(d.misclassification()).isFalse();
    assertThat(d.label()).isEmpty();
    assertThat(d.labeledItems()).isZero();
  }

  @Test
  void regionsAgreeingWithTheClassifierAreNotMisclassificationRegions() {
    RegionDecision d = Aggregation.decideRegion(items(1, 5, 3, 9, 3, 3), 0.5);
    assertThat(d.misclassification()).isFalse();
    assertThat(d.label()).hasValue(3);
  }

  @Test
  void agreementSummaryIsMeanAndStandardError() {
    AgreementSummary s = AgreementSummary.of(List.of(0.6, 1.0, 0.8, 0.8));
    assertThat(s.items()).isEqualTo(4);
    assertThat(s.mean()).isCloseTo(0.8, within(1e-12));
    // sample sd = sqrt((0.04 + 0.04 + 0 + 0) / 3) = 0.163299...; se = sd / 2
    assertThat(s.standardError()).isCloseTo(Math.sqrt(0.08 / 3) / 2, within(1e-12));
    assertThat(AgreementSummary.of(List.of()).items()).isZero();
    assertThat(AgreementSummary.of(List.of(0.4)).standardError()).isNaN();
  }

  /**
   * {@code disagreeing} items labeled {@code disagreeLabel} over prediction {@code disagreePredicted}, then
   * {@code agreeing} items labeled {@code agreeLabel} over prediction {@code agreePredicted}.
   */
  private static List<ItemOutcome> items(int disagreeing, int disagreeLabel, int disagreePredicted, int agreeing,
      int agreeLabel, int agreePredicted) {
    List<ItemOutcome> items = new ArrayList<>();
    for (int i = 0; i < disagreeing; i++) {
      items.add(new ItemOutcome(v(disagreeLabel), disagreePredicted));
    }
    for (int i = 0; i < agreeing; i++) {
      items.add(new ItemOutcome(v(agreeLabel), agreePredicted));
    }
    return items;
  }
}
