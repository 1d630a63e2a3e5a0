package dev.defuse.dpgmm;

/**
 * The variational posterior of the truncated DP mixture: Beta(a_k, b_k) sticks, Gaussian-Wishart components with
 * mean precision κ_k, means m_k, degrees of freedom ν_k and covariances W_k⁻¹/ν_k (normalised as scikit-learn does),
 * plus the Cholesky factors of their precisions. The update rules are scikit-learn's {@code _estimate_weights},
 * {@code _estimate_means} and {@code _estimate_wishart_full}.
 */
final class VariationalState {

  final int k;
  final int d;
  final double[] weightA;
  final double[] weightB;
  final double[] meanPrecision;
  /** Row-major K×d. */
  final double[] means;
  final double[] degreesOfFreedom;
  /** Row-major K×d×d. */
  final double[] covariances;
  /** Upper-triangular factors U_k with U_k U_kᵀ = covariance_k⁻¹, row-major K×d×d. */
  final double[] precisionCholesky;

  private VariationalState(int k, int d) {
    this.k = k;
    this.d = d;
    this.weightA = new double[k];
    this.weightB = new double[k];
    this.meanPrecision = new double[k];
    this.means = new double[k * d];
    this.degreesOfFreedom = new double[k];
    this.covariances = new double[k * d * d];
    this.precisionCholesky = new double[k * d * d];
  }

  /** The M-step: posterior parameters from the responsibility-weighted statistics. */
  static VariationalState fromStatistics(GaussianStatistics s, DpgmmPriors priors, PrecisionCholesky cholesky) {
    int k = s.k;
    int d = s.d;
    VariationalState v = new VariationalState(k, d);
    double[] nk = s.nk;
    double gamma = priors.weightConcentration();
    // Stick-breaking: a_k = 1 + N_k, b_k = γ + Σ_{j>k} N_j (tail summed from the end, like numpy's cumsum).
    double tail = 0.0;
    for (int c = k - 1; c >= 0; c--) {
      v.weightA[c] = 1.0 + nk[c];
      v.weightB[c] = gamma + tail;
      tail += nk[c];
    }
    double kappa0 = priors.meanPrecision();
    double[] m0 = priors.mean();
    for (int c = 0; c < k; c++) {
      v.meanPrecision[c] = kappa0 + nk[c];
      for (int i = 0; i < d; i++) {
        v.means[c * d + i] = (kappa0 * m0[i] + nk[c] * s.means[c * d + i]) / v.meanPrecision[c];
      }
    }
    double nu0 = priors.degreesOfFreedom();
    double[] w0 = priors.covariance();
    double[] diff = new double[d];
    for (int c = 0; c < k; c++) {
      v.degreesOfFreedom[c] = nu0 + nk[c];
      for (int i = 0; i < d; i++) {
        diff[i] = s.means[c * d + i] - m0[i];
      }
      double shrink = nk[c] * kappa0 / v.meanPrecision[c];
      int base = c * d * d;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          int e = base + i * d + j;
          v.covariances[e] = (w0[i * d + j] + nk[c] * s.covariances[e] + shrink * (diff[i] * diff[j]))
              / v.degreesOfFreedom[c];
        }
      }
      cholesky.compute(v.covariances, base, v.precisionCholesky);
    }
    return v;
  }

  /** E[log π_k] under the stick-breaking posterior ({@code _estimate_log_weights}). */
  double[] expectedLogWeights() {
    double[] out = new double[k];
    double cumulative = 0.0;
    for (int c = 0; c < k; c++) {
      double digammaSum = SpecialFunctions.digamma(weightA[c] + weightB[c]);
      out[c] = SpecialFunctions.digamma(weightA[c]) - digammaSum + cumulative;
      cumulative += SpecialFunctions.digamma(weightB[c]) - digammaSum;
    }
    return out;
  }

  /**
   * scikit-learn's {@code _compute_lower_bound} (constant terms dropped).
   *
   * @param respTimesLogResp Σ_n Σ_k r_nk log r_nk from the E-step that produced the responsibilities
   */
  double lowerBound(double respTimesLogResp) {
    double logWishart = 0.0;
    double logNormWeight = 0.0;
    double logMeanPrecision = 0.0;
    double halfLogTwo = 0.5 * Math.log(2.0);
    for (int c = 0; c < k; c++) {
      double nu = degreesOfFreedom[c];
      double logDetPrecisionChol = PrecisionCholesky.logDetCholesky(precisionCholesky, c * d * d, d)
          - 0.5 * d * Math.log(nu);
      double gammaTerms = 0.0;
      for (int i = 0; i < d; i++) {
        gammaTerms += SpecialFunctions.logGamma(0.5 * (nu - i));
      }
      logWishart += -(nu * logDetPrecisionChol + nu * d * halfLogTwo + gammaTerms);
      logNormWeight -= SpecialFunctions.logBeta(weightA[c], weightB[c]);
      logMeanPrecision += Math.log(meanPrecision[c]);
    }
    return -respTimesLogResp - logWishart - logNormWeight - 0.5 * d * logMeanPrecision;
  }

  /** Posterior-mean mixing weights of the sticks, normalised to sum to 1 ({@code _set_parameters}). */
  double[] weights() {
    double[] w = new double[k];
    double remaining = 1.0;
    double total = 0.0;
    for (int c = 0; c < k; c++) {
      double sum = weightA[c] + weightB[c];
      w[c] = weightA[c] / sum * remaining;
      remaining *= weightB[c] / sum;
      total += w[c];
    }
    for (int c = 0; c < k; c++) {
      w[c] /= total;
    }
    return w;
  }
}
