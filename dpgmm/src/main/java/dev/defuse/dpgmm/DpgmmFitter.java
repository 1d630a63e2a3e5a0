package dev.defuse.dpgmm;

import java.util.SplittableRandom;

/**
 * Fits a variational Dirichlet-process Gaussian mixture (truncated stick-breaking, full covariances), reproducing
 * scikit-learn 1.2.1 {@code BayesianGaussianMixture(weight_concentration_prior_type='dirichlet_process',
 * covariance_type='full')}.
 *
 * <p>Each of {@code nInit} initialisations runs k-means++ and Lloyd (seeded; or uses the given initial labels),
 * turns the hard labels into one-hot responsibilities and iterates variational EM; the run with the highest lower
 * bound is kept. The same data and parameters give the same fit for any {@link DpgmmParams#parallelism()}.
 *
 * <p>Input rules (checked before any work): at least two rows, all rows of the same non-zero length, only finite
 * values, and at least as many rows as {@link DpgmmParams#maxComponents()} — scikit-learn refuses
 * {@code n_samples < n_components} and so does this class; lower maxComponents for tiny data sets. Duplicate rows
 * and constant columns are fine: the covariance regularisation keeps every component positive definite.
 */
public final class DpgmmFitter {

  private final DpgmmParams params;

  public DpgmmFitter(DpgmmParams params) {
    this.params = params;
  }

  public DpgmmParams params() {
    return params;
  }

  /** Fits the rows of {@code x} (n × d). */
  public DpgmmFit fit(double[][] x) {
    return fit(x, FitListener.NONE);
  }

  /** Fits the rows of {@code x} (n × d), reporting every EM iteration to {@code listener}. */
  public DpgmmFit fit(double[][] x, FitListener listener) {
    Data data = Data.of(x);
    int n = data.n;
    int k = params.maxComponents();
    if (n < k) {
      throw new IllegalArgumentException("need at least as many rows as components: got " + n + " rows and maxComponents "
          + k + " (set maxComponents <= " + n + ")");
    }
    int[] givenLabels = params.initialLabels().orElse(null);
    if (givenLabels != null && givenLabels.length != n) {
      throw new IllegalArgumentException("got " + givenLabels.length + " initial labels for " + n + " rows");
    }
    DpgmmPriors priors = DpgmmPriors.resolve(params, data.values, n, data.d);
    try (RowBlocks blocks = new RowBlocks(n, params.parallelism())) {
      VariationalEm em = new VariationalEm(data.values, n, data.d, priors, params, blocks);
      SplittableRandom random = new SplittableRandom(params.seed());
      VariationalEm.Run best = null;
      int bestInit = -1;
      for (int init = 0; init < params.nInit(); init++) {
        int[] labels = givenLabels != null
            ? givenLabels
            : KMeans.fit(data.values, n, data.d, k, params.kmeansMaxIter(), params.kmeansTol(), random, blocks)
                .labels();
        VariationalEm.Run run = em.run(labels, init, listener);
        if (best == null || run.lowerBound() > best.lowerBound()) {
          best = run;
          bestInit = init;
        }
      }
      return new DpgmmFit(params, priors, best.state(), best.nIter(), best.converged(), best.lowerBound(),
          best.trace(), bestInit);
    }
  }

  /** Validated, flattened input. */
  record Data(double[] values, int n, int d) {

    static Data of(double[][] x) {
      if (x == null) {
        throw new IllegalArgumentException("no data");
      }
      int n = x.length;
      if (n < 2) {
        throw new IllegalArgumentException("need at least 2 rows to fit, got " + n);
      }
      if (x[0] == null || x[0].length == 0) {
        throw new IllegalArgumentException("row 0 is empty: need at least one column");
      }
      int d = x[0].length;
      double[] values = new double[n * d];
      for (int r = 0; r < n; r++) {
        double[] row = x[r];
        if (row == null || row.length != d) {
          throw new IllegalArgumentException("row " + r + " has " + (row == null ? 0 : row.length)
              + " values, expected " + d + " like row 0");
        }
        for (int i = 0; i < d; i++) {
          if (!Double.isFinite(row[i])) {
            throw new IllegalArgumentException("row " + r + " has a non-finite value (" + row[i] + ") in column " + i);
          }
        }
        System.arraycopy(row, 0, values, r * d, d);
      }
      return new Data(values, n, d);
    }
  }
}
