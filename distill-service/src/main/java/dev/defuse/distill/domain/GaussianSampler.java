package dev.defuse.distill.domain;

import dev.defuse.common.util.Require;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Draws from a multivariate normal N(μ, τ·Σ): x = μ + L·z with L the lower Cholesky factor of τ·Σ (EJML) and z
 * standard normal (Box–Muller on a {@link SplittableRandom}, fully specified, so the same seed gives the same
 * draws on every JVM).
 */
public final class GaussianSampler {

  private final double[] mean;
  private final double[] lower;
  private final int d;

  /**
   * @param mean       μ (length d)
   * @param covariance Σ (d × d, symmetric positive definite)
   * @param tau        τ &gt; 0, the scale of the covariance
   * @throws IllegalArgumentException if Σ is not positive definite or the sizes disagree
   */
  public GaussianSampler(double[] mean, double[][] covariance, double tau) {
    Require.finite(mean, "mean");
    Require.positive(tau, "tau");
    d = mean.length;
    Require.check(d > 0, "mean must not be empty");
    Require.check(covariance != null && covariance.length == d, "covariance must be " + d + "×" + d);
    DMatrixRMaj scaled = new DMatrixRMaj(d, d);
    for (int i = 0; i < d; i++) {
      Require.check(covariance[i].length == d, "covariance row " + i + " must have " + d + " values");
      Require.finite(covariance[i], "covariance[" + i + "]");
      for (int j = 0; j < d; j++) {
        scaled.set(i, j, tau * covariance[i][j]);
      }
    }
    CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(d, true);
    if (!cholesky.decompose(scaled)) {
      throw new IllegalArgumentException("covariance is not positive definite");
    }
    DMatrixRMaj l = cholesky.getT(null);
    this.mean = mean.clone();
    this.lower = l.getData().clone();
  }

  public int dimension() {
    return d;
  }

  /** {@code count} draws, row-major {@code count × d}, as float32 (what the decoder takes). */
  public float[] sample(int count, long seed) {
    Require.nonNegative(count, "count");
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[count * d];
    double[] z = new double[d];
    for (int s = 0; s < count; s++) {
      standardNormal(random, z);
      for (int i = 0; i < d; i++) {
        double x = mean[i];
        for (int j = 0; j <= i; j++) {
          x += lower[i * d + j] * z[j];
        }
        out[s * d + i] = (float) x;
      }
    }
    return out;
  }

  /** Fills {@code z} with independent N(0, 1) values (Box–Muller, both values of each pair used). */
  private static void standardNormal(SplittableRandom random, double[] z) {
    for (int i = 0; i < z.length; i += 2) {
      double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble())); // 1 - u in (0, 1]: no log(0)
      double angle = 2 * Math.PI * random.nextDouble();
      z[i] = radius * Math.cos(angle);
      if (i + 1 < z.length) {
        z[i + 1] = radius * Math.sin(angle);
      }
    }
  }
}
