package dev.defuse.cli.report;

/** Principal components of row vectors by power iteration with deflation (for a 2-D view of latent codes). */
final class Pca {

  private static final int ITERATIONS = 200;

  private final double[] mean;
  private final double[][] components;

  private Pca(double[] mean, double[][] components) {
    this.mean = mean;
    this.components = components;
  }

  /** Fits {@code k} components to {@code rows} (each of the same dimension). */
  static Pca fit(float[][] rows, int k) {
    int d = rows[0].length;
    double[] mean = new double[d];
    for (float[] r : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += r[j] / (double) rows.length;
      }
    }
    double[][] cov = new double[d][d];
    for (float[] r : rows) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          cov[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]) / rows.length;
        }
      }
    }
    double[][] components = new double[k][];
    for (int c = 0; c < k; c++) {
      double[] v = new double[d];
      java.util.Arrays.fill(v, 1 / Math.sqrt(d));
      v[c % d] += 0.5; // break symmetry deterministically
      double lambda = 0;
      for (int it = 0; it < ITERATIONS; it++) {
        double[] w = multiply(cov, v);
        double norm = Math.sqrt(dot(w, w));
        if (norm == 0) {
          break;
        }
        for (int j = 0; j < d; j++) {
          v[j] = w[j] / norm;
        }
        lambda = norm;
      }
      components[c] = v;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          cov[i][j] -= lambda * v[i] * v[j];
        }
      }
    }
    return new Pca(mean, components);
  }

  double[] project(float[] row) {
    double[] out = new double[components.length];
    for (int c = 0; c < components.length; c++) {
      for (int j = 0; j < row.length; j++) {
        out[c] += (row[j] - mean[j]) * components[c][j];
      }
    }
    return out;
  }

  private static double[] multiply(double[][] m, double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = dot(m[i], v);
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
