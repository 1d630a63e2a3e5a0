package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DpgmmPriorsTest {

  @Test
  void defaultsFollowScikitLearn() {
    double[] x = {1, 2, 3, 6, 5, 1};
    DpgmmPriors priors = DpgmmPriors.resolve(DpgmmParams.builder().maxComponents(2).build(), x, 3, 2);
    assertThat(priors.weightConcentration()).isEqualTo(0.5);
    assertThat(priors.meanPrecision()).isEqualTo(1.0);
    assertThat(priors.degreesOfFreedom()).isEqualTo(2.0);
    assertThat(priors.mean()).containsExactly(3, 3);
    // np.cov([[1,3,5],[2,6,1]]) = [[4, -1], [-1, 7]]
    assertThat(priors.covariance()).containsExactly(new double[] {4, -1, -1, 7}, within(1e-15));
  }

  @Test
  void singularEmpiricalCovarianceIsRegularised() {
    // collinear columns: second = 2 × first
    double[] x = {1, 2, 2, 4, 3, 6, 4, 8};
    DpgmmPriors priors = DpgmmPriors.resolve(DpgmmParams.builder().maxComponents(2).regCovar(1e-3).build(), x, 4, 2);
    double variance = 5.0 / 3;
    assertThat(priors.covariance())
        .containsExactly(new double[] {variance + 1e-3, 2 * variance, 2 * variance, 4 * variance + 1e-3}, within(1e-12));
  }

  @Test
  void reciprocalConditionNumber() {
    assertThat(DpgmmPriors.reciprocalConditionNumber(new double[] {4, 0, 0, 1}, 2)).isCloseTo(0.25, within(1e-15));
    assertThat(DpgmmPriors.reciprocalConditionNumber(new double[] {0, 0, 0, 0}, 2)).isZero();
    assertThat(DpgmmPriors.reciprocalConditionNumber(new double[] {1, 1, 1, 1}, 2)).isLessThan(1e-15);
  }
}
