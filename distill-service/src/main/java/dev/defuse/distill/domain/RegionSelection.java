package dev.defuse.distill.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns a fit into regions: the components whose weight is strictly above the job's threshold ε, heaviest first
 * (ties by component index), numbered 0, 1, ... in that order. The order does not depend on how the fit happened to
 * number its components beyond the tie rule, and it is what region ids (and so event ids) are made of.
 */
public final class RegionSelection {

  private RegionSelection() {}

  public static List<RegionCandidate> select(double[] weights, double[][] means, double[][][] covariances,
      double threshold) {
    int[] kept = IntStream.range(0, weights.length).filter(c -> weights[c] > threshold).boxed()
        .sorted(Comparator.<Integer>comparingDouble(c -> -weights[c]).thenComparingInt(c -> c))
        .mapToInt(Integer::intValue).toArray();
    List<RegionCandidate> regions = new ArrayList<>(kept.length);
    for (int r = 0; r < kept.length; r++) {
      int c = kept[r];
      regions.add(new RegionCandidate(r, c, weights[c], means[c].clone(), deepCopy(covariances[c])));
    }
    return regions;
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] copy = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      copy[i] = m[i].clone();
    }
    return copy;
  }
}
