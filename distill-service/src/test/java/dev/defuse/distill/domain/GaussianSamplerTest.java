package dev.defuse.distill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Region samples are draws from N(μ, τ·Σ), reproducible from their seed. */
class GaussianSamplerTest {

  private static final double[] MEAN = {1.0, -2.0, 0.5};
  /** A correlated, positive definite covariance. */
  private static final double[][] COVARIANCE = {
      {2.0, 0.6, -0.4},
      {0.6, 1.0, 0.3},
      {-0.4, 0.3, 0.5}};
  private static final double TAU = 0.5;
  private static final int DRAWS = 200_000;

  @Test
  void sampleMeanAndCovarianceMatchMuAndTauSigma() {
    float[] x = new GaussianSampler(MEAN, COVARIANCE, TAU).sample(DRAWS, 11);
    int d = MEAN.length;
    double[] mean = new double[d];
    for (int s = 0; s < DRAWS; s++) {
      for (int i = 0; i < d; i++) {
        mean[i] += x[s * d + i] / DRAWS;
      }
    }
    double[][] cov = new double[d][d];
    for (int s = 0; s < DRAWS; s++) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          cov[i][j] += (x[s * d + i] - mean[i]) * (x[s * d + j] - mean[j]) / (DRAWS - 1);
        }
      }
    }
    // standard errors at 200k draws: ~0.003 for the means, ~0.005 for the covariances; tolerances are ≥ 4 SE
    for (int i = 0; i < d; i++) {
      assertThat(mean[i]).as("mean[%d]", i).isCloseTo(MEAN[i], within(0.012));
      for (int j = 0; j < d; j++) {
        assertThat(cov[i][j]).as("cov[%d][%d]", i, j).isCloseTo(TAU * COVARIANCE[i][j], within(0.02));
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameDrawsAndAnotherSeedOthers() {
    GaussianSampler sampler = new GaussianSampler(MEAN, COVARIANCE, TAU);
    assertThat(sampler.sample(50, 3)).containsExactly(new GaussianSampler(MEAN, COVARIANCE, TAU).sample(50, 3));
    assertThat(sampler.sample(50, 3)).isNotEqualTo(sampler.sample(50, 4));
  }

  @Test
  void aFirstDrawDoesNotDependOnHowManyAreDrawn() {
    GaussianSampler sampler = new GaussianSampler(MEAN, COVARIANCE, TAU);
    float[] ten = sampler.sample(10, 9);
    float[] three = sampler.sample(3, 9);
    for (int i = 0; i < three.length; i++) {
      assertThat(ten[i]).isEqualTo(three[i]);
    }
  }

  @Test
  void aCovarianceThatIsNotPositiveDefiniteIsRefused() {
    double[][] singular = {{1, 1}, {1, 1}};
    assertThatThrownBy(() -> new GaussianSampler(new double[] {0, 0}, singular, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive definite");
    assertThatThrownBy(() -> new GaussianSampler(new double[] {0, 0}, new double[][] {{1, 0}}, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2×2");
  }
}
