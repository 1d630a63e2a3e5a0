package dev.defuse.distill.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Components above ε become regions, heaviest first. */
class RegionSelectionTest {

  @Test
  void keepsComponentsStrictlyAboveTheThresholdHeaviestFirst() {
    double[] weights = {0.2, 0.01, 0.5, 0.005, 0.2, 0.085};
    double[][] means = new double[6][];
    double[][][] covariances = new double[6][][];
    for (int c = 0; c < 6; c++) {
      means[c] = new double[] {c};
      covariances[c] = new double[][] {{c + 1.0}};
    }
    List<RegionCandidate> regions = RegionSelection.select(weights, means, covariances, 0.01);
    // 0.01 itself is not above the threshold; the tie between components 0 and 4 goes to the lower index
    assertThat(regions).extracting(RegionCandidate::component).containsExactly(2, 0, 4, 5);
    assertThat(regions).extracting(RegionCandidate::regionId).containsExactly(0, 1, 2, 3);
    assertThat(regions.get(0).mean()).containsExactly(2.0);
    assertThat(regions.get(0).covariance()[0]).containsExactly(3.0);
  }
}
