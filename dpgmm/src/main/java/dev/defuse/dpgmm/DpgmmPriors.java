package dev.defuse.dpgmm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The priors of a fit, resolved as scikit-learn does when left unset: weight concentration 1/K, mean precision 1,
 * mean = column means of the data, degrees of freedom = d, covariance = empirical covariance (ddof = 1).
 *
 * <p>One deliberate difference: when the empirical covariance is singular (identical rows, a constant column,
 * collinear columns: λ_min/λ_max &lt; {@value #SINGULAR_RECIPROCAL_CONDITION}) the covariance regularisation is
 * added to its diagonal. scikit-learn keeps the singular prior and then fails on components that receive (almost)
 * no points; on well-conditioned data nothing changes.
 *
 * @param weightConcentration γ of the stick-breaking Beta(1, γ) prior
 * @param meanPrecision κ₀
 * @param mean m₀ (length d)
 * @param degreesOfFreedom ν₀
 * @param covariance Wishart covariance prior, row-major d×d
 */
public record DpgmmPriors(
    double weightConcentration, double meanPrecision, double[] mean, double degreesOfFreedom, double[] covariance) {

  public DpgmmPriors {
    mean = mean.clone();
    covariance = covariance.clone();
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  /** The covariance prior as a d×d matrix. */
  public double[][] covarianceMatrix() {
    int d = mean.length;
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(covariance, i * d, m[i], 0, d);
    }
    return m;
  }

  @Override
  public double[] covariance() {
    return covariance.clone();
  }

  /** Resolves unset priors from the row-major n×d data {@code x}. */
  static DpgmmPriors resolve(DpgmmParams params, double[] x, int n, int d) {
    double gamma = params.weightConcentrationPrior().orElse(1.0 / params.maxComponents());
    double kappa = params.meanPrecisionPrior().orElse(1.0);
    double[] mean = params.meanPrior().orElseGet(() -> columnMeans(x, n, d));
    if (mean.length != d) {
      throw new IllegalArgumentException("meanPrior has " + mean.length + " values but the data has " + d + " columns");
    }
    double nu = params.degreesOfFreedomPrior().orElse(d);
    if (!(nu > d - 1)) {
      throw new IllegalArgumentException("degreesOfFreedomPrior must be > " + (d - 1) + " (d - 1), got " + nu);
    }
    double[] covariance;
    if (params.covariancePrior().isPresent()) {
      double[][] given = params.covariancePrior().get();
      covariance = flattenSquare(given, d);
      new PrecisionCholesky(d).compute(covariance, 0, new double[d * d]);
    } else {
      covariance = empiricalCovariance(x, n, d);
      if (reciprocalConditionNumber(covariance, d) < SINGULAR_RECIPROCAL_CONDITION) {
        for (int i = 0; i < d; i++) {
          covariance[i * d + i] += params.regCovar();
        }
      }
    }
    return new DpgmmPriors(gamma, kappa, mean, nu, covariance);
  }

  /** Empirical covariances with λ_min / λ_max below this count as singular (rounding can make them indefinite). */
  static final double SINGULAR_RECIPROCAL_CONDITION = 1e-10;

  /** λ_min / λ_max of a symmetric positive semi-definite matrix (0 for the zero matrix). */
  static double reciprocalConditionNumber(double[] symmetric, int d) {
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
    if (!eig.decompose(new DMatrixRMaj(d, d, true, symmetric))) {
      return 0.0;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = 0.0;
    for (int i = 0; i < d; i++) {
      double lambda = eig.getEigenvalue(i).getReal();
      min = Math.min(min, lambda);
      max = Math.max(max, lambda);
    }
    return max > 0 ? min / max : 0.0;
  }

  private static double[] flattenSquare(double[][] m, int d) {
    if (m.length != d) {
      throw new IllegalArgumentException("covariancePrior must be " + d + "x" + d + ", got " + m.length + " rows");
    }
    double[] flat = new double[d * d];
    for (int i = 0; i < d; i++) {
      if (m[i].length != d) {
        throw new IllegalArgumentException("covariancePrior must be " + d + "x" + d + ", row " + i + " has "
            + m[i].length + " values");
      }
      System.arraycopy(m[i], 0, flat, i * d, d);
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        if (flat[i * d + j] != flat[j * d + i]) {
          throw new IllegalArgumentException("covariancePrior must be symmetric");
        }
      }
    }
    return flat;
  }

  static double[] columnMeans(double[] x, int n, int d) {
    double[] mean = new double[d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        mean[i] += x[r * d + i];
      }
    }
    for (int i = 0; i < d; i++) {
      mean[i] /= n;
    }
    return mean;
  }

  /** {@code np.cov(X.T)}: centred cross-products over n - 1. */
  static double[] empiricalCovariance(double[] x, int n, int d) {
    double[] mean = columnMeans(x, n, d);
    double[] cov = new double[d * d];
    double[] centred = new double[d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        centred[i] = x[r * d + i] - mean[i];
      }
      for (int i = 0; i < d; i++) {
        double ci = centred[i];
        for (int j = i; j < d; j++) {
          cov[i * d + j] += ci * centred[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double v = cov[i * d + j] / (n - 1);
        cov[i * d + j] = v;
        cov[j * d + i] = v;
      }
    }
    return cov;
  }
}
