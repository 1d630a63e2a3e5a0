package dev.defuse.dpgmm;

import java.util.Random;

/** Small seeded data sets for tests. */
final class SyntheticData {

  private SyntheticData() {}

  /** {@code perCluster} points around each centre with isotropic noise of standard deviation {@code sd}. */
  static double[][] blobs(double[][] centres, int perCluster, double sd, long seed) {
    Random random = new Random(seed);
    int d = centres[0].length;
    double[][] x = new double[centres.length * perCluster][d];
    for (int c = 0; c < centres.length; c++) {
      for (int p = 0; p < perCluster; p++) {
        for (int i = 0; i < d; i++) {
          x[c * perCluster + p][i] = centres[c][i] + sd * random.nextGaussian();
        }
      }
    }
    return x;
  }

  /** The true cluster of each row of {@link #blobs}. */
  static int[] blobLabels(int clusters, int perCluster) {
    int[] labels = new int[clusters * perCluster];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i / perCluster;
    }
    return labels;
  }
}
