package dev.defuse.dpgmm;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means as scikit-learn 1.2.1's {@code KMeans(n_init=1)} computes it: greedy k-means++ seeding
 * ({@code 2 + ⌊ln k⌋} candidates per centre, keeping the one that lowers the potential most), then Lloyd iterations
 * until the labels stop changing or the total squared centre shift is ≤ tol × mean feature variance, empty clusters
 * being moved to the points farthest from their centres. The random stream is Java's {@link SplittableRandom}, so
 * labels differ from scikit-learn's (numpy's Mersenne Twister) but are reproducible for a seed, whatever the thread
 * count.
 */
public final class KMeans {

  /** scikit-learn's default Lloyd iteration cap. */
  public static final int DEFAULT_MAX_ITER = 300;
  /** scikit-learn's default relative tolerance. */
  public static final double DEFAULT_TOL = 1e-4;

  private KMeans() {}

  /** k-means with scikit-learn's defaults. */
  public static KMeansResult fit(double[][] x, int k, long seed, int parallelism) {
    return fit(x, k, DEFAULT_MAX_ITER, DEFAULT_TOL, seed, parallelism);
  }

  /** k-means on the rows of {@code x}; the same seed gives the same result for any parallelism. */
  public static KMeansResult fit(double[][] x, int k, int maxIter, double tol, long seed, int parallelism) {
    DpgmmFitter.Data data = DpgmmFitter.Data.of(x);
    if (k < 1 || k > data.n()) {
      throw new IllegalArgumentException("k must be in [1, " + data.n() + "] (the number of rows), got " + k);
    }
    try (RowBlocks blocks = new RowBlocks(data.n(), parallelism)) {
      return fit(data.values(), data.n(), data.d(), k, maxIter, tol, new SplittableRandom(seed), blocks);
    }
  }

  static KMeansResult fit(double[] x, int n, int d, int k, int maxIter, double tol, SplittableRandom random,
      RowBlocks blocks) {
    double[] centers = seedPlusPlus(x, n, d, k, random, blocks);
    double tolerance = meanVariance(x, n, d) * tol;
    int[] previous = null;
    Assignment assignment = null;
    boolean strict = false;
    boolean converged = false;
    int iterations = 0;
    while (iterations < maxIter) {
      iterations++;
      assignment = assign(x, n, d, k, centers, blocks);
      double[] updated = updateCenters(x, d, k, centers, assignment);
      double shift = 0.0;
      for (int e = 0; e < centers.length; e++) {
        double v = updated[e] - centers[e];
        shift += v * v;
      }
      centers = updated;
      if (previous != null && Arrays.equals(previous, assignment.labels)) {
        strict = true;
        converged = true;
        break;
      }
      if (shift <= tolerance) {
        converged = true;
        break;
      }
      previous = assignment.labels;
    }
    if (!strict) {
      // Labels must match the final centres.
      assignment = assign(x, n, d, k, centers, blocks);
    }
    double inertia = 0.0;
    for (double v : assignment.distances) {
      inertia += v;
    }
    double[][] centerRows = new double[k][];
    for (int c = 0; c < k; c++) {
      centerRows[c] = Arrays.copyOfRange(centers, c * d, (c + 1) * d);
    }
    return new KMeansResult(assignment.labels, centerRows, inertia, iterations, converged);
  }

  /** Greedy k-means++ (scikit-learn's {@code _kmeans_plusplus}); returns row-major k × d centres. */
  static double[] seedPlusPlus(double[] x, int n, int d, int k, SplittableRandom random, RowBlocks blocks) {
    double[] centers = new double[k * d];
    int trials = 2 + (int) Math.log(k);
    int first = random.nextInt(n);
    System.arraycopy(x, first * d, centers, 0, d);
    double[] closest = new double[n];
    double potential = sum(blocks.map((block, start, end) -> {
      double s = 0.0;
      for (int r = start; r < end; r++) {
        closest[r] = squaredDistance(x, r * d, x, first * d, d);
        s += closest[r];
      }
      return s;
    }));
    double[] cumulative = new double[n];
    for (int c = 1; c < k; c++) {
      double running = 0.0;
      for (int r = 0; r < n; r++) {
        running += closest[r];
        cumulative[r] = running;
      }
      int[] candidates = new int[trials];
      for (int t = 0; t < trials; t++) {
        candidates[t] = Math.min(searchLeft(cumulative, random.nextDouble() * potential), n - 1);
      }
      List<double[]> partials = blocks.map((block, start, end) -> {
        double[] pots = new double[trials];
        for (int r = start; r < end; r++) {
          for (int t = 0; t < trials; t++) {
            pots[t] += Math.min(closest[r], squaredDistance(x, r * d, x, candidates[t] * d, d));
          }
        }
        return pots;
      });
      double[] pots = new double[trials];
      for (double[] part : partials) {
        for (int t = 0; t < trials; t++) {
          pots[t] += part[t];
        }
      }
      int best = 0;
      for (int t = 1; t < trials; t++) {
        if (pots[t] < pots[best]) {
          best = t;
        }
      }
      int chosen = candidates[best];
      blocks.run((block, start, end) -> {
        for (int r = start; r < end; r++) {
          closest[r] = Math.min(closest[r], squaredDistance(x, r * d, x, chosen * d, d));
        }
        return null;
      });
      potential = pots[best];
      System.arraycopy(x, chosen * d, centers, c * d, d);
    }
    return centers;
  }

  /** Labels, squared distances to the assigned centre, and per-cluster sums and counts. */
  private record Assignment(int[] labels, double[] distances, double[] sums, double[] counts) {}

  private static Assignment assign(double[] x, int n, int d, int k, double[] centers, RowBlocks blocks) {
    double[][] byDimension = new double[d][k];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < d; i++) {
        byDimension[i][c] = centers[c * d + i];
      }
    }
    int[] labels = new int[n];
    double[] distances = new double[n];
    List<double[]> partials = blocks.map((block, start, end) -> {
      double[] part = new double[k * d + k];
      double[] dist = new double[k];
      for (int r = start; r < end; r++) {
        Arrays.fill(dist, 0.0);
        for (int i = 0; i < d; i++) {
          double xi = x[r * d + i];
          double[] ci = byDimension[i];
          for (int c = 0; c < k; c++) {
            double v = xi - ci[c];
            dist[c] += v * v;
          }
        }
        int best = 0;
        for (int c = 1; c < k; c++) {
          if (dist[c] < dist[best]) {
            best = c;
          }
        }
        labels[r] = best;
        distances[r] = dist[best];
        for (int i = 0; i < d; i++) {
          part[best * d + i] += x[r * d + i];
        }
        part[k * d + best] += 1.0;
      }
      return part;
    });
    double[] total = new double[k * d + k];
    for (double[] part : partials) {
      for (int e = 0; e < total.length; e++) {
        total[e] += part[e];
      }
    }
    return new Assignment(labels, distances, Arrays.copyOf(total, k * d), Arrays.copyOfRange(total, k * d, k * d + k));
  }

  /** New centres = cluster means; empty clusters take the points farthest from their centres. */
  private static double[] updateCenters(double[] x, int d, int k, double[] old, Assignment a) {
    double[] sums = a.sums.clone();
    double[] counts = a.counts.clone();
    int[] empty = IntStream.range(0, k).filter(c -> counts[c] == 0).toArray();
    if (empty.length > 0) {
      int[] farthest = IntStream.range(0, a.distances.length).boxed()
          .sorted((p, q) -> Double.compare(a.distances[q], a.distances[p]))
          .limit(empty.length).mapToInt(Integer::intValue).toArray();
      for (int e = 0; e < empty.length && e < farthest.length; e++) {
        int point = farthest[e];
        int from = a.labels[point];
        int to = empty[e];
        for (int i = 0; i < d; i++) {
          sums[from * d + i] -= x[point * d + i];
          sums[to * d + i] = x[point * d + i];
        }
        counts[to] = 1.0;
        counts[from] -= 1.0;
      }
    }
    double[] centers = new double[k * d];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < d; i++) {
        centers[c * d + i] = counts[c] > 0 ? sums[c * d + i] / counts[c] : old[c * d + i];
      }
    }
    return centers;
  }

  /** Mean over columns of the population variance (numpy {@code np.mean(np.var(X, axis=0))}). */
  static double meanVariance(double[] x, int n, int d) {
    double[] mean = DpgmmPriors.columnMeans(x, n, d);
    double total = 0.0;
    for (int i = 0; i < d; i++) {
      double s = 0.0;
      for (int r = 0; r < n; r++) {
        double v = x[r * d + i] - mean[i];
        s += v * v;
      }
      total += s / n;
    }
    return total / d;
  }

  /** First index i with {@code sorted[i] >= value} (numpy {@code searchsorted(side='left')}). */
  static int searchLeft(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double squaredDistance(double[] a, int aOffset, double[] b, int bOffset, int d) {
    double s = 0.0;
    for (int i = 0; i < d; i++) {
      double v = a[aOffset + i] - b[bOffset + i];
      s += v * v;
    }
    return s;
  }

  private static double sum(List<Double> parts) {
    double s = 0.0;
    for (double p : parts) {
      s += p;
    }
    return s;
  }
}
