package dev.defuse.dpgmm;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A fitted DP-GMM: the variational posterior of the best initialisation plus how the fit went. Immutable; every
 * accessor returns a copy.
 */
public final class DpgmmFit {

  private final DpgmmParams params;
  private final DpgmmPriors priors;
  private final VariationalState state;
  private final int nIter;
  private final boolean converged;
  private final double lowerBound;
  private final double[] lowerBoundTrace;
  private final int bestInit;
  private final double[] weights;
  private final WeightedLogDensity density;

  DpgmmFit(DpgmmParams params, DpgmmPriors priors, VariationalState state, int nIter, boolean converged,
      double lowerBound, double[] lowerBoundTrace, int bestInit) {
    this.params = params;
    this.priors = priors;
    this.state = state;
    this.nIter = nIter;
    this.converged = converged;
    this.lowerBound = lowerBound;
    this.lowerBoundTrace = lowerBoundTrace.clone();
    this.bestInit = bestInit;
    this.weights = state.weights();
    this.density = WeightedLogDensity.of(state);
  }

  public DpgmmParams params() {
    return params;
  }

  /** The priors actually used (defaults resolved from the data). */
  public DpgmmPriors priors() {
    return priors;
  }

  /** EM iterations of the kept initialisation. */
  public int nIter() {
    return nIter;
  }

  /** Whether the kept initialisation reached |Δ bound| &lt; tol before maxIter. */
  public boolean converged() {
    return converged;
  }

  /** Total variational lower bound (constants dropped, as scikit-learn reports it). */
  public double lowerBound() {
    return lowerBound;
  }

  /** The lower bound after each EM iteration of the kept initialisation. */
  public double[] lowerBoundTrace() {
    return lowerBoundTrace.clone();
  }

  /** Zero-based index of the kept initialisation. */
  public int bestInit() {
    return bestInit;
  }

  /** Number of components K (the truncation level). */
  public int nComponents() {
    return state.k;
  }

  /** Number of features d. */
  public int nFeatures() {
    return state.d;
  }

  /** Expected mixing weights (length K, sum 1). */
  public double[] weights() {
    return weights.clone();
  }

  /** Component means, K × d. */
  public double[][] means() {
    return rows(state.means, state.k, state.d);
  }

  /** Component covariances, K × d × d. */
  public double[][][] covariances() {
    return matrices(state.covariances);
  }

  /** Upper-triangular U_k with U_k U_kᵀ = covariance_k⁻¹, K × d × d (scikit-learn's precisions_cholesky_). */
  public double[][][] precisionsCholesky() {
    return matrices(state.precisionCholesky);
  }

  /** Beta parameters of the sticks: {@code [0]} = a (length K), {@code [1]} = b. */
  public double[][] weightConcentration() {
    return new double[][] {state.weightA.clone(), state.weightB.clone()};
  }

  /** Posterior mean precisions κ_k. */
  public double[] meanPrecision() {
    return state.meanPrecision.clone();
  }

  /** Posterior Wishart degrees of freedom ν_k. */
  public double[] degreesOfFreedom() {
    return state.degreesOfFreedom.clone();
  }

  /** Components with weight above {@link DpgmmParams#weightThreshold()}, in index order. */
  public int[] activeComponents() {
    return activeComponents(params.weightThreshold());
  }

  /** Components with weight strictly above {@code threshold}, in index order. */
  public int[] activeComponents(double threshold) {
    return IntStream.range(0, weights.length).filter(c -> weights[c] > threshold).toArray();
  }

  /** Most probable component of one row. */
  public int predict(double[] row) {
    checkRow(row, 0);
    double[] logProb = new double[state.k];
    density.evaluate(row, 0, logProb, density.workspace());
    return argMax(logProb);
  }

  /** Most probable component of every row (scikit-learn's {@code predict}). */
  public int[] predict(double[][] x) {
    int[] labels = new int[x.length];
    forEachRow(x, (r, logProb) -> labels[r] = argMax(logProb));
    return labels;
  }

  /** Posterior component probabilities of every row, n × K (scikit-learn's {@code predict_proba}). */
  public double[][] predictProba(double[][] x) {
    double[][] proba = new double[x.length][];
    forEachRow(x, (r, logProb) -> {
      double norm = SpecialFunctions.logSumExp(logProb, 0, logProb.length);
      double[] p = new double[logProb.length];
      for (int c = 0; c < p.length; c++) {
        p[c] = Math.exp(logProb[c] - norm);
      }
      proba[r] = p;
    });
    return proba;
  }

  private interface RowLogProb {
    void accept(int row, double[] logProb);
  }

  private void forEachRow(double[][] x, RowLogProb consumer) {
    for (int r = 0; r < x.length; r++) {
      checkRow(x[r], r);
    }
    try (RowBlocks blocks = new RowBlocks(x.length, params.parallelism())) {
      blocks.run((block, start, end) -> {
        WeightedLogDensity.Workspace ws = density.workspace();
        for (int r = start; r < end; r++) {
          double[] logProb = new double[state.k];
          density.evaluate(x[r], 0, logProb, ws);
          consumer.accept(r, logProb);
        }
        return null;
      });
    }
  }

  private void checkRow(double[] row, int index) {
    if (row == null || row.length != state.d) {
      throw new IllegalArgumentException("row " + index + " has " + (row == null ? 0 : row.length)
          + " values, the model has " + state.d + " features");
    }
    for (int i = 0; i < row.length; i++) {
      if (!Double.isFinite(row[i])) {
        throw new IllegalArgumentException("row " + index + " has a non-finite value (" + row[i] + ") in column " + i);
      }
    }
  }

  private static int argMax(double[] v) {
    int best = 0;
    for (int c = 1; c < v.length; c++) {
      if (v[c] > v[best]) {
        best = c;
      }
    }
    return best;
  }

  private static double[][] rows(double[] flat, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
    }
    return m;
  }

  private double[][][] matrices(double[] flat) {
    int d = state.d;
    double[][][] out = new double[state.k][][];
    for (int c = 0; c < state.k; c++) {
      out[c] = rows(Arrays.copyOfRange(flat, c * d * d, (c + 1) * d * d), d, d);
    }
    return out;
  }

  @Override
  public String toString() {
    return "DpgmmFit[nIter=" + nIter + ", converged=" + converged + ", lowerBound=" + lowerBound + ", active="
        + activeComponents().length + " of " + state.k + "]";
  }
}
