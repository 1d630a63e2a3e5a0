package dev.defuse.distill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Seeded downsampling of the codes before the fit. */
class DownsamplingTest {

  @Test
  void keepsEveryRowWhenThereAreNoMoreThanMax() {
    assertThat(Downsampling.select(5, 5, 1)).containsExactly(0, 1, 2, 3, 4);
    assertThat(Downsampling.select(0, 5, 1)).isEmpty();
  }

  @Test
  void keepsExactlyMaxDistinctRowsInAscendingOrder() {
    int[] kept = Downsampling.select(10_000, 1_000, 42);
    assertThat(kept).hasSize(1_000).isSorted();
    assertThat(Arrays.stream(kept).distinct().count()).isEqualTo(1_000);
    assertThat(kept[0]).isGreaterThanOrEqualTo(0);
    assertThat(kept[kept.length - 1]).isLessThan(10_000);
  }

  @Test
  void theSameSeedKeepsTheSameRowsAndAnotherSeedOthers() {
    assertThat(Downsampling.select(5_000, 100, 7)).containsExactly(Downsampling.select(5_000, 100, 7));
    assertThat(Downsampling.select(5_000, 100, 7)).isNotEqualTo(Downsampling.select(5_000, 100, 8));
  }

  @Test
  void everyRowIsEquallyLikelyToBeKept() {
    // over 400 seeds each of 100 rows is kept with probability 1/4: 100 ± 8.7 (SD) times
    int rows = 100;
    int[] kept = new int[rows];
    for (long seed = 0; seed < 400; seed++) {
      for (int r : Downsampling.select(rows, 25, seed)) {
        kept[r]++;
      }
    }
    for (int r = 0; r < rows; r++) {
      assertThat(kept[r]).as("row %d", r).isBetween(60, 140);
    }
    assertThat(Arrays.stream(kept).average().orElseThrow()).isCloseTo(100, within(1e-9));
  }
}
