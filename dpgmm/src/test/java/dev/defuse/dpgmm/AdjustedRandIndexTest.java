package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdjustedRandIndexTest {

  @Test
  void knownAnswersFromScikitLearnDocumentation() {
    assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
    assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0})).isEqualTo(1.0);
    assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1}))
        .isCloseTo(0.5714285714285714, within(1e-15));
    assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}))
        .isCloseTo(0.5714285714285714, within(1e-15));
    assertThat(AdjustedRandIndex.of(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3})).isEqualTo(0.0);
    assertThat(AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1})).isCloseTo(-0.5, within(1e-15));
  }

  @Test
  void handComputedContingencyTable() {
    // truth {0,0,0,1,1,1}, predicted {0,0,1,1,2,2}: cells 2,1,1,2 → Σ C(n_ij,2) = 2; rows 3,3 → 6; cols 2,2,2 → 3;
    // expected = 6·3/15 = 1.2, max = 4.5 → ARI = (2 - 1.2) / (4.5 - 1.2) = 0.24242424...
    assertThat(AdjustedRandIndex.of(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}))
        .isCloseTo(0.8 / 3.3, within(1e-15));
  }

  @Test
  void identicalTrivialPartitionsScoreOne() {
    assertThat(AdjustedRandIndex.of(new int[] {5, 5, 5}, new int[] {1, 1, 1})).isEqualTo(1.0);
    assertThat(AdjustedRandIndex.of(new int[] {0, 1, 2}, new int[] {2, 0, 1})).isEqualTo(1.0);
  }

  @Test
  void rejectsLabelingsOfDifferentLength() {
    assertThatThrownBy(() -> AdjustedRandIndex.of(new int[] {0}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
