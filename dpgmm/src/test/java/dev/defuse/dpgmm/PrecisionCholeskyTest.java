package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrecisionCholeskyTest {

  @Test
  void factorIsUpperTriangularAndInvertsTheCovariance() {
    double[] covariance = {4, 2, 0.6, 2, 3, 0.4, 0.6, 0.4, 2};
    double[] u = new double[9];
    new PrecisionCholesky(3).compute(covariance, 0, u);
    assertThat(u[3]).isZero();
    assertThat(u[6]).isZero();
    assertThat(u[7]).isZero();
    // (U Uᵀ) Σ = I
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double v = 0;
        for (int m = 0; m < 3; m++) {
          double precision = 0;
          for (int l = 0; l < 3; l++) {
            precision += u[i * 3 + l] * u[m * 3 + l];
          }
          v += precision * covariance[m * 3 + j];
        }
        assertThat(v).isCloseTo(i == j ? 1 : 0, within(1e-14));
      }
    }
  }

  @Test
  void logDetIsMinusHalfTheLogDeterminantOfTheCovariance() {
    // det [[4,2],[2,3]] = 8
    double[] u = new double[4];
    new PrecisionCholesky(2).compute(new double[] {4, 2, 2, 3}, 0, u);
    assertThat(PrecisionCholesky.logDetCholesky(u, 0, 2)).isCloseTo(-0.5 * Math.log(8), within(1e-15));
  }

  @Test
  void writesAtTheGivenOffset() {
    double[] covariances = {1, 0, 0, 1, 9, 0, 0, 16};
    double[] out = new double[8];
    PrecisionCholesky cholesky = new PrecisionCholesky(2);
    cholesky.compute(covariances, 4, out);
    assertThat(out).containsExactly(0, 0, 0, 0, 1.0 / 3, 0, 0, 0.25);
  }

  @Test
  void rejectsANonPositiveDefiniteCovariance() {
    assertThatThrownBy(() -> new PrecisionCholesky(2).compute(new double[] {1, 2, 2, 1}, 0, new double[4]))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ill-defined empirical covariance");
  }
}
