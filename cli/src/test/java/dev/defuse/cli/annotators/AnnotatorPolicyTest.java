package dev.defuse.cli.annotators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
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
