package dev.defuse.cli.annotators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnnotatorPolicyTest {

  private static final double[] SURE_SEVEN = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.9, 0.02, 0.01};
  private static final double[] UNSURE = {0.3, 0.25, 0.2, 0.05, 0.05, 0.05, 0.04, 0.03, 0.02, 0.01};

  @Test
  void aFaultlessAnnotatorAnswersTheOraclesClass() {
    AnnotatorPolicy policy = new AnnotatorPolicy(0, 0.5);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      assertThat(policy.answer(SURE_SEVEN, random)).isEqualTo(7);
    }
  }

  @Test
  void anUnsureOracleMeansNoneOfTheAbove() {
    AnnotatorPolicy policy = new AnnotatorPolicy(1, 0.5);
    assertThat(policy.answer(UNSURE, new SplittableRandom(1))).isEqualTo(AnnotatorPolicy.NONE_OF_THE_ABOVE);
  }

  @Test
  void slipsHappenAtTheConfiguredRateAndAlwaysPickAnotherClass() {
    AnnotatorPolicy policy = new AnnotatorPolicy(0.2, 0.5);
    SplittableRandom random = new SplittableRandom(42);
    int n = 20_000;
    int wrong = 0;
    int[] counts = new int[10];
    for (int i = 0; i < n; i++) {
      int answer = policy.answer(SURE_SEVEN, random);
      counts[answer]++;
      if (answer != 7) {
        wrong++;
      }
    }
    assertThat((double) wrong / n).isCloseTo(0.2, within(0.015));
    for (int c = 0; c < 10; c++) {
      if (c != 7) {
        assertThat(counts[c]).as("class %d", c).isPositive(); // every other class can be a slip
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameAnswers() {
    AnnotatorPolicy policy = new AnnotatorPolicy(0.5, 0.5);
    SplittableRandom a = new SplittableRandom(9);
    SplittableRandom b = new SplittableRandom(9);
    for (int i = 0; i < 50; i++) {
      assertThat(policy.answer(SURE_SEVEN, a)).isEqualTo(policy.answer(SURE_SEVEN, b));
    }
  }

  @Test
  void aDecisionDependsOnTheAnnotatorAndTheItemNotOnTheOrderOfTasks() {
    AnnotatorPolicy policy = new AnnotatorPolicy(0.5, 0.5);
    List<String> items = IntStream.range(0, 300).mapToObj(i -> "image-digest-" + i).toList();
    Map<String, Integer> inOrder = answers(policy, 7, "sim-1", items);
    List<String> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, new Random(3));
    Map<String, Integer> inAnotherOrder = answers(policy, 7, "sim-1", shuffled);
    assertThat(inAnotherOrder).isEqualTo(inOrder);
    // …and a task that comes twice (a refused batch leased again) is answered the same way both times
    assertThat(answers(policy, 7, "sim-1", List.of(items.get(5), items.get(5))).get(items.get(5)))
        .isEqualTo(inOrder.get(items.get(5)));
  }

  @Test
  void annotatorsSeedsAndItemsEachGetTheirOwnDecisions() {
    AnnotatorPolicy policy = new AnnotatorPolicy(0.5, 0.5);
    List<String> items = IntStream.range(0, 300).mapToObj(i -> "image-digest-" + i).toList();
    Map<String, Integer> first = answers(policy, 7, "sim-1", items);
    assertThat(answers(policy, 7, "sim-2", items)).as("another annotator").isNotEqualTo(first);
    assertThat(answers(policy, 8, "sim-1", items)).as("another seed").isNotEqualTo(first);
    // the slips still come at the configured rate across items
    long slipped = first.values().stream().filter(a -> a != 7).count();
    assertThat((double) slipped / items.size()).isCloseTo(0.5, within(0.1));
    // the annotator id and the item key are kept apart: ("sim-1", "0…") is not ("sim-10", "…")
    assertThat(AnnotatorPolicy.decisionRandom(7, "sim-1", "0abc").nextLong())
        .isNotEqualTo(AnnotatorPolicy.decisionRandom(7, "sim-10", "abc").nextLong());
  }

  @Test
  void anImagesDigestIsItsShapeAndItsSamples() {
    float[] pixels = {0f, 1f / 255, 0.5f, 1f};
    String digest = new VendorClient.Image(1, 2, 2, pixels).digest();
    assertThat(new VendorClient.Image(1, 2, 2, pixels.clone()).digest()).isEqualTo(digest).hasSize(64);
    assertThat(new VendorClient.Image(1, 1, 4, pixels).digest()).as("another shape").isNotEqualTo(digest);
    float[] changed = pixels.clone();
    changed[1] = 2f / 255;
    assertThat(new VendorClient.Image(1, 2, 2, changed).digest()).as("one sample differs").isNotEqualTo(digest);
  }

  private static Map<String, Integer> answers(AnnotatorPolicy policy, long seed, String annotator,
      List<String> items) {
    Map<String, Integer> answers = new HashMap<>();
    for (String item : items) {
      answers.put(item, policy.answer(SURE_SEVEN, AnnotatorPolicy.decisionRandom(seed, annotator, item)));
    }
    return answers;
  }

  @Test
  void ratesOutsideZeroToOneAreRefused() {
    assertThatThrownBy(() -> new AnnotatorPolicy(1.5, 0.5)).hasMessageContaining("error rate");
    assertThatThrownBy(() -> new AnnotatorPolicy(0.1, -0.1)).hasMessageContaining("unsure threshold");
  }

  @Test
  void softmaxIsStableForLargeLogits() {
    double[] p = Oracle.softmax(new float[] {1000f, 1000f, -1000f}, 0, 3);
    assertThat(p[0]).isCloseTo(0.5, within(1e-12));
    assertThat(p[2]).isCloseTo(0, within(1e-12));
  }
}
