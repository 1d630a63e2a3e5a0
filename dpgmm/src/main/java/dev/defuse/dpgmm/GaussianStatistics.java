package dev.defuse.dpgmm;

import java.util.List;

/**
 * Responsibility-weighted Gaussian statistics of the data, scikit-learn's {@code _estimate_gaussian_parameters}
 * for full covariances: {@code nk = Σ r + 10·eps}, {@code xk = rᵀX / nk},
 * {@code Sk = Σ r (x - xk)(x - xk)ᵀ / nk + reg·I}.
 *
 * <p>Sums run over rows in parallel blocks (vectorised over components) and are reduced in block order.
 */
final class GaussianStatistics {

  /** numpy's {@code 10 * np.finfo(float64).eps}, added to nk so empty components do not divide by zero. */
  static final double EMPTY_COMPONENT_GUARD = 10 * Math.ulp(1.0);

  final int k;
  final int d;
  /** Soft counts, length K. */
  final double[] nk;
  /** Weighted means, row-major K×d. */
  final double[] means;
  /** Weighted covariances plus reg on the diagonal, row-major K×d×d. */
  final double[] covariances;

  private GaussianStatistics(int k, int d, double[] nk, double[] means, double[] covariances) {
    this.k = k;
    this.d = d;
    this.nk = nk;
    this.means = means;
    this.covariances = covariances;
  }

  /**
   * @param x row-major n×d data
   * @param resp row-major n×K responsibilities
   */
  static GaussianStatistics estimate(double[] x, int n, int d, double[] resp, int k, double reg, RowBlocks blocks) {
    List<double[][]> firstPartials = blocks.map((block, start, end) -> {
      double[][] acc = newFirstMoments(d, k);
      double[] w = new double[k];
      for (int r = start; r < end; r++) {
        System.arraycopy(resp, r * k, w, 0, k);
        addFirstMoments(x, r * d, d, w, acc);
      }
      return acc;
    });
    return fromFirstMoments(sumInOrder(firstPartials), x, n, d, resp, k, reg, blocks);
  }

  /** Accumulator for {@link #addFirstMoments}: rows 0..d-1 hold Σ r·x_i per component, row d holds Σ r. */
  static double[][] newFirstMoments(int d, int k) {
    return new double[d + 1][k];
  }

  /** Adds one row's responsibilities {@code w} (length K) and their products with the row to {@code acc}. */
  static void addFirstMoments(double[] x, int offset, int d, double[] w, double[][] acc) {
    double[] counts = acc[d];
    for (int c = 0; c < w.length; c++) {
      counts[c] += w[c];
    }
    for (int i = 0; i < d; i++) {
      double xi = x[offset + i];
      double[] sum = acc[i];
      for (int c = 0; c < w.length; c++) {
        sum[c] += w[c] * xi;
      }
    }
  }

  /**
   * Completes the statistics from the first moments (summed over all rows in row order): normalises the means and
   * runs the scatter pass.
   */
  static GaussianStatistics fromFirstMoments(double[][] first, double[] x, int n, int d, double[] resp, int k,
      double reg, RowBlocks blocks) {
    double[] nk = first[d];
    for (int c = 0; c < k; c++) {
      nk[c] += EMPTY_COMPONENT_GUARD;
    }
    double[][] meansByDim = new double[d][k];
    double[] means = new double[k * d];
    for (int i = 0; i < d; i++) {
      for (int c = 0; c < k; c++) {
        double m = first[i][c] / nk[c];
        meansByDim[i][c] = m;
        means[c * d + i] = m;
      }
    }

    // Pass 2: weighted scatter around the new means, upper triangle packed row by row.
    int pairs = d * (d + 1) / 2;
    List<double[][]> secondPartials = blocks.map((block, start, end) -> {
      double[][] scatter = new double[pairs][k];
      RowDiffs a = new RowDiffs(d, k);
      RowDiffs b = new RowDiffs(d, k);
      int r = start;
      // Two rows per sweep over the accumulators halves their memory traffic; the additions stay in row order.
      for (; r + 1 < end; r += 2) {
        a.load(x, resp, meansByDim, r);
        b.load(x, resp, meansByDim, r + 1);
        int p = 0;
        for (int i = 0; i < d; i++) {
          double[] wa = a.weighted[i];
          double[] wb = b.weighted[i];
          for (int j = i; j < d; j++) {
            double[] da = a.diff[j];
            double[] db = b.diff[j];
            double[] s = scatter[p++];
            for (int c = 0; c < k; c++) {
              s[c] = s[c] + wa[c] * da[c] + wb[c] * db[c];
            }
          }
        }
      }
      for (; r < end; r++) {
        a.load(x, resp, meansByDim, r);
        int p = 0;
        for (int i = 0; i < d; i++) {
          double[] wa = a.weighted[i];
          for (int j = i; j < d; j++) {
            double[] da = a.diff[j];
            double[] s = scatter[p++];
            for (int c = 0; c < k; c++) {
              s[c] += wa[c] * da[c];
            }
          }
        }
      }
      return scatter;
    });
    double[][] scatter = sumInOrder(secondPartials);
    double[] covariances = new double[k * d * d];
    for (int c = 0; c < k; c++) {
      int base = c * d * d;
      int p = 0;
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          double v = scatter[p++][c] / nk[c];
          covariances[base + i * d + j] = v;
          covariances[base + j * d + i] = v;
        }
        covariances[base + i * d + i] += reg;
      }
    }
    return new GaussianStatistics(k, d, nk, means, covariances);
  }

  /** One row's differences to every component mean, plain and weighted by the responsibilities ([dim][component]). */
  private static final class RowDiffs {
    final double[][] diff;
    final double[][] weighted;
    private final double[] w;
    private final int d;

    RowDiffs(int d, int k) {
      this.d = d;
      this.diff = new double[d][k];
      this.weighted = new double[d][k];
      this.w = new double[k];
    }

    void load(double[] x, double[] resp, double[][] meansByDim, int row) {
      int k = w.length;
      System.arraycopy(resp, row * k, w, 0, k);
      for (int i = 0; i < d; i++) {
        double xi = x[row * d + i];
        double[] mean = meansByDim[i];
        double[] di = diff[i];
        double[] wdi = weighted[i];
        for (int c = 0; c < k; c++) {
          double v = xi - mean[c];
          di[c] = v;
          wdi[c] = w[c] * v;
        }
      }
    }
  }

  /** Element-wise sum of the block partials, in block order (deterministic for any thread count). */
  static double[][] sumInOrder(List<double[][]> partials) {
    double[][] total = partials.get(0);
    for (int b = 1; b < partials.size(); b++) {
      double[][] part = partials.get(b);
      for (int row = 0; row < total.length; row++) {
        double[] t = total[row];
        double[] p = part[row];
        for (int c = 0; c < t.length; c++) {
          t[c] += p[c];
        }
      }
    }
    return total;
  }
}
