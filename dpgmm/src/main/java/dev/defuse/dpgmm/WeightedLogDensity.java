package dev.defuse.dpgmm;

/**
 * Per-component terms of scikit-learn's {@code _estimate_weighted_log_prob} for the variational posterior:
 * {@code log ρ_k(x) = E[log π_k] + E[log N(x | μ_k, Λ_k)]} with the digamma terms of the Wishart and the
 * mean-precision correction, laid out component-major so a row is evaluated against all K components with loops
 * over components.
 */
final class WeightedLogDensity {

  private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

  private final int k;
  private final int d;
  /** Everything that does not depend on x, per component. */
  private final double[] constant;
  /** (μ_k U_k)_j, indexed [j][k]. */
  private final double[][] meanTimesFactor;
  /** U_k[i][j] for i ≤ j, packed column by column ([j(j+1)/2 + i][k]). */
  private final double[][] factorByColumn;

  WeightedLogDensity(int k, int d, double[] means, double[] precisionCholesky, double[] constant) {
    this.k = k;
    this.d = d;
    this.constant = constant;
    this.meanTimesFactor = new double[d][k];
    this.factorByColumn = new double[d * (d + 1) / 2][k];
    for (int c = 0; c < k; c++) {
      int base = c * d * d;
      int p = 0;
      for (int j = 0; j < d; j++) {
        double mu = 0.0;
        for (int i = 0; i <= j; i++) {
          double u = precisionCholesky[base + i * d + j];
          factorByColumn[p++][c] = u;
          mu += means[c * d + i] * u;
        }
        meanTimesFactor[j][c] = mu;
      }
    }
  }

  /** Builds the terms from the variational parameters (see scikit-learn's {@code _estimate_log_prob}). */
  static WeightedLogDensity of(VariationalState s) {
    int k = s.k;
    int d = s.d;
    double[] logWeights = s.expectedLogWeights();
    double[] constant = new double[k];
    for (int c = 0; c < k; c++) {
      double logDet = PrecisionCholesky.logDetCholesky(s.precisionCholesky, c * d * d, d);
      double logLambda = d * Math.log(2.0);
      for (int i = 0; i < d; i++) {
        logLambda += SpecialFunctions.digamma(0.5 * (s.degreesOfFreedom[c] - i));
      }
      // The covariances are normalised by ν, hence -d/2·log ν (as in scikit-learn).
      constant[c] = -0.5 * d * LOG_TWO_PI + logDet - 0.5 * d * Math.log(s.degreesOfFreedom[c])
          + 0.5 * (logLambda - d / s.meanPrecision[c]) + logWeights[c];
    }
    return new WeightedLogDensity(k, d, s.means, s.precisionCholesky, constant);
  }

  int components() {
    return k;
  }

  int dimensions() {
    return d;
  }

  /** Scratch space for {@link #evaluate}; one per thread. */
  Workspace workspace() {
    return new Workspace(k);
  }

  /** Writes log ρ_k(x) for every component into {@code out[0..K)}; x is {@code row[offset..offset+d)}. */
  void evaluate(double[] row, int offset, double[] out, Workspace ws) {
    double[] maha = ws.mahalanobis;
    double[] y = ws.projection;
    java.util.Arrays.fill(maha, 0.0);
    int p = 0;
    for (int j = 0; j < d; j++) {
      // y = (x U)_j - (μ U)_j, as scikit-learn's X @ prec_chol - mu @ prec_chol
      double x0 = row[offset];
      double[] u0 = factorByColumn[p++];
      for (int c = 0; c < k; c++) {
        y[c] = x0 * u0[c];
      }
      for (int i = 1; i <= j; i++) {
        double xi = row[offset + i];
        double[] u = factorByColumn[p++];
        for (int c = 0; c < k; c++) {
          y[c] += xi * u[c];
        }
      }
      double[] mu = meanTimesFactor[j];
      for (int c = 0; c < k; c++) {
        double v = y[c] - mu[c];
        maha[c] += v * v;
      }
    }
    for (int c = 0; c < k; c++) {
      out[c] = constant[c] - 0.5 * maha[c];
    }
  }

  /** Per-thread scratch arrays. */
  static final class Workspace {
    final double[] mahalanobis;
    final double[] projection;

    private Workspace(int k) {
      this.mahalanobis = new double[k];
      this.projection = new double[k];
    }
  }
}
