package dev.defuse.dpgmm;

import java.util.HashMap;
import java.util.Map;

/**
 * Adjusted Rand index (Hubert &amp; Arabie 1985) between two labelings, computed like scikit-learn's
 * {@code adjusted_rand_score} from the pair confusion matrix.
 */
public final class AdjustedRandIndex {

  private AdjustedRandIndex() {}

  /**
   * ARI of two labelings of the same items: 1 for identical partitions (up to renaming), about 0 for independent
   * ones, negative when worse than chance.
   */
  public static double of(int[] truth, int[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException("labelings differ in length: " + truth.length + " vs " + predicted.length);
    }
    long n = truth.length;
    Map<Long, Long> cells = new HashMap<>();
    Map<Integer, Long> truthSizes = new HashMap<>();
    Map<Integer, Long> predictedSizes = new HashMap<>();
    for (int i = 0; i < truth.length; i++) {
      cells.merge(((long) truth[i] << 32) | (predicted[i] & 0xffffffffL), 1L, Long::sum);
      truthSizes.merge(truth[i], 1L, Long::sum);
      predictedSizes.merge(predicted[i], 1L, Long::sum);
    }
    // Pair counts: same cluster in both (tp), only in predicted (fp), only in truth (fn), in neither (tn).
    double sumSquares = 0.0;
    double crossPredicted = 0.0;
    double crossTruth = 0.0;
    for (Map.Entry<Long, Long> cell : cells.entrySet()) {
      double count = cell.getValue();
      int t = (int) (cell.getKey() >> 32);
      int p = (int) (long) cell.getKey();
      sumSquares += count * count;
      crossPredicted += count * predictedSizes.get(p);
      crossTruth += count * truthSizes.get(t);
    }
    double tp = sumSquares - n;
    double fp = crossPredicted - sumSquares;
    double fn = crossTruth - sumSquares;
    double tn = (double) n * n - fp - fn - sumSquares;
    if (fn == 0 && fp == 0) {
      return 1.0;
    }
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
  }
}
