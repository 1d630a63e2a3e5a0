package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class KMeansTest {

  private static final double[][] CENTRES = {{0, 0}, {10, 0}, {0, 10}};

  @Test
  void recoversWellSeparatedClusters() {
    double[][] x = SyntheticData.blobs(CENTRES, 100, 0.5, 1);
    KMeansResult result = KMeans.fit(x, 3, 7, 2);
    assertThat(result.converged()).isTrue();
    assertThat(AdjustedRandIndex.of(SyntheticData.blobLabels(3, 100), result.labels())).isEqualTo(1.0);
    double[][] centres = result.centers().clone();
    Arrays.sort(centres, Comparator.comparingDouble((double[] c) -> c[0]).thenComparingDouble(c -> c[1]));
    assertThat(centres[0][0]).isBetween(-0.3, 0.3);
    assertThat(centres[2][0]).isBetween(9.7, 10.3);
  }

  @Test
  void sameSeedGivesTheSameResultForAnyThreadCount() {
    double[][] x = Fixtures.table("data_n10000.csv").features(null);
    KMeansResult one = KMeans.fit(x, 20, 42, 1);
    KMeansResult three = KMeans.fit(x, 20, 42, 3);
    KMeansResult again = KMeans.fit(x, 20, 42, 2);
    assertThat(three.labels()).containsExactly(one.labels());
    assertThat(again.labels()).containsExactly(one.labels());
    assertThat(three.centers()).isDeepEqualTo(one.centers());
    assertThat(three.inertia()).isEqualTo(one.inertia());
    KMeansResult otherSeed = KMeans.fit(x, 20, 43, 2);
    assertThat(otherSeed.labels()).isNotEqualTo(one.labels());
  }

  @Test
  void kMeansPlusPlusWithKEqualToNPicksEveryPointOnce() {
    double[][] x = SyntheticData.blobs(new double[][] {{0, 0, 0}}, 25, 1.0, 3);
    KMeansResult result = KMeans.fit(x, 25, 5, 1);
    assertThat(result.inertia()).isZero();
    assertThat(Arrays.stream(result.labels()).distinct().count()).isEqualTo(25);
  }

  @Test
  void duplicatePointsDoNotBreakSeedingOrLloyd() {
    double[][] x = new double[30][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {i % 2, 0};
    }
    KMeansResult result = KMeans.fit(x, 5, 0, 1);
    assertThat(result.inertia()).isZero();
    for (double[] centre : result.centers()) {
      assertThat(centre).doesNotContain(Double.NaN);
    }
  }

  @Test
  void searchLeftIsNumpySearchsorted() {
    double[] sorted = {1, 2, 2, 3};
    assertThat(KMeans.searchLeft(sorted, 0)).isEqualTo(0);
    assertThat(KMeans.searchLeft(sorted, 1)).isEqualTo(0);
    assertThat(KMeans.searchLeft(sorted, 2)).isEqualTo(1);
    assertThat(KMeans.searchLeft(sorted, 2.5)).isEqualTo(3);
    assertThat(KMeans.searchLeft(sorted, 3.5)).isEqualTo(4);
  }

  @Test
  void rejectsMoreClustersThanPoints() {
    assertThatThrownBy(() -> KMeans.fit(new double[][] {{1}, {2}}, 3, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be in [1, 2]");
  }
}
