package dev.defuse.dpgmm;

import java.util.Arrays;
import java.util.List;

/**
 * One variational EM run from a hard initial assignment, as scikit-learn's {@code BaseMixture.fit_predict} inner
 * loop: initial M-step from one-hot responsibilities, then E-step, M-step, lower bound until
 * |Δ bound| &lt; tol or maxIter.
 */
final class VariationalEm {

  /**
   * Responsibilities below e^-600 (about 1e-261) are stored as exact zeros. They sit more than 240 orders of
   * magnitude below the 10·eps guard added to every soft count, so no statistic can notice them, while keeping them
   * makes the M-step multiply subnormal numbers, which is two orders of magnitude slower on x86.
   */
  static final double NEGLIGIBLE_LOG_RESPONSIBILITY = -600.0;

  /** Outcome of one run. */
  record Run(VariationalState state, int nIter, boolean converged, double lowerBound, double[] trace) {}

  private final double[] x;
  private final int n;
  private final int d;
  private final int k;
  private final DpgmmPriors priors;
  private final DpgmmParams params;
  private final RowBlocks blocks;
  private final PrecisionCholesky cholesky;

  VariationalEm(double[] x, int n, int d, DpgmmPriors priors, DpgmmParams params, RowBlocks blocks) {
    this.x = x;
    this.n = n;
    this.d = d;
    this.k = params.maxComponents();
    this.priors = priors;
    this.params = params;
    this.blocks = blocks;
    this.cholesky = new PrecisionCholesky(d);
  }

  Run run(int[] initialLabels, int init, FitListener listener) {
    double[] resp = new double[n * k];
    for (int r = 0; r < n; r++) {
      resp[r * k + initialLabels[r]] = 1.0;
    }
    VariationalState state = VariationalState.fromStatistics(
        GaussianStatistics.estimate(x, n, d, resp, k, params.regCovar(), blocks), priors, cholesky);
    double lowerBound = Double.NEGATIVE_INFINITY;
    double[] trace = new double[params.maxIter()];
    int iteration = 0;
    boolean converged = false;
    while (iteration < params.maxIter()) {
      iteration++;
      double previous = lowerBound;
      EStep e = eStep(WeightedLogDensity.of(state), resp);
      state = VariationalState.fromStatistics(
          GaussianStatistics.fromFirstMoments(e.firstMoments, x, n, d, resp, k, params.regCovar(), blocks),
          priors, cholesky);
      lowerBound = state.lowerBound(e.respTimesLogResp);
      if (Double.isNaN(lowerBound)) {
        throw new IllegalStateException("the lower bound became NaN at iteration " + iteration
            + "; the data is probably badly scaled (try standardising the columns)");
      }
      trace[iteration - 1] = lowerBound;
      double change = lowerBound - previous;
      listener.onIteration(init, iteration, lowerBound, change);
      if (Math.abs(change) < params.tol()) {
        converged = true;
        break;
      }
    }
    return new Run(state, iteration, converged, lowerBound, Arrays.copyOf(trace, iteration));
  }

  /** What the E-step hands to the M-step and the bound: Σ r log r and the first moments of the new r. */
  private record EStep(double respTimesLogResp, double[][] firstMoments) {}

  /**
   * Replaces {@code resp} with the normalised responsibilities under {@code density} (log-sum-exp per row) and
   * accumulates Σ r log r and the first moments of the M-step on the way.
   */
  private EStep eStep(WeightedLogDensity density, double[] resp) {
    List<EStep> partials = blocks.map((block, start, end) -> {
      WeightedLogDensity.Workspace ws = density.workspace();
      double[] logProb = new double[k];
      double[] shifted = new double[k];
      double[] w = new double[k];
      double[][] first = GaussianStatistics.newFirstMoments(d, k);
      double sum = 0.0;
      for (int r = start; r < end; r++) {
        density.evaluate(x, r * d, logProb, ws);
        // log-sum-exp, keeping exp(v - max) so each responsibility costs one exp
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, logProb[c]);
        }
        double total = 0.0;
        for (int c = 0; c < k; c++) {
          double e = Math.exp(logProb[c] - max);
          shifted[c] = e;
          total += e;
        }
        double norm = Math.log(total) + max;
        double rowSum = 0.0;
        for (int c = 0; c < k; c++) {
          double logResp = logProb[c] - norm;
          double p = logResp < NEGLIGIBLE_LOG_RESPONSIBILITY ? 0.0 : shifted[c] / total;
          w[c] = p;
          rowSum += p * logResp;
        }
        System.arraycopy(w, 0, resp, r * k, k);
        GaussianStatistics.addFirstMoments(x, r * d, d, w, first);
        sum += rowSum;
      }
      return new EStep(sum, first);
    });
    double total = 0.0;
    for (EStep partial : partials) {
      total += partial.respTimesLogResp;
    }
    double[][] first = GaussianStatistics.sumInOrder(partials.stream().map(EStep::firstMoments).toList());
    return new EStep(total, first);
  }
}
