package dev.defuse.dpgmm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The Cholesky factor of a precision matrix computed from a covariance matrix, as scikit-learn's
 * {@code _compute_precision_cholesky}: {@code L = cholesky(Σ)} (lower), {@code U = (L⁻¹)ᵀ} (upper), so that
 * {@code U Uᵀ = Σ⁻¹}. Not thread-safe (reuses its work matrices).
 */
final class PrecisionCholesky {

  static final String ILL_DEFINED_COVARIANCE =
      "Fitting the mixture model failed because some components have ill-defined empirical covariance (for "
          + "instance caused by singleton or collapsed samples). Try to decrease the number of components, "
          + "increase the covariance regularisation, or scale the input data.";

  private final int d;
  private final CholeskyDecomposition_F64<DMatrixRMaj> cholesky;
  private final DMatrixRMaj work;
  private final DMatrixRMaj lower;
  private final DMatrixRMaj inverse;

  PrecisionCholesky(int d) {
    this.d = d;
    this.cholesky = DecompositionFactory_DDRM.chol(d, true);
    this.work = new DMatrixRMaj(d, d);
    this.lower = new DMatrixRMaj(d, d);
    this.inverse = new DMatrixRMaj(d, d);
  }

  /** Whether the row-major d×d matrix at {@code matrix[offset..]} has a Cholesky factorisation. */
  boolean isPositiveDefinite(double[] matrix, int offset) {
    System.arraycopy(matrix, offset, work.data, 0, d * d);
    if (!cholesky.decompose(work)) {
      return false;
    }
    cholesky.getT(lower);
    for (int i = 0; i < d; i++) {
      if (!(lower.get(i, i) > 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the upper-triangular precision Cholesky factor of the row-major {@code d×d} covariance at
   * {@code covariance[offset..]} into {@code out[offset..]}.
   *
   * @throws IllegalStateException if the covariance is not positive definite
   */
  void compute(double[] covariance, int offset, double[] out) {
    if (!isPositiveDefinite(covariance, offset)) {
      throw new IllegalStateException(ILL_DEFINED_COVARIANCE);
    }
    CommonOps_DDRM.setIdentity(inverse);
    TriangularSolver_DDRM.solveL(lower.data, inverse.data, d, d);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        out[offset + i * d + j] = inverse.data[j * d + i];
      }
    }
  }

  /** Σ log diag(U): half the log-determinant of the precision (scikit-learn's {@code _compute_log_det_cholesky}). */
  static double logDetCholesky(double[] factor, int offset, int d) {
    double sum = 0.0;
    for (int i = 0; i < d; i++) {
      sum += Math.log(factor[offset + i * d + i]);
    }
    return sum;
  }
}
