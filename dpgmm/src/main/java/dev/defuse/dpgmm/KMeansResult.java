package dev.defuse.dpgmm;

/**
 * Outcome of a k-means run.
 *
 * @param labels cluster of every row (consistent with {@code centers})
 * @param centers k × d
 * @param inertia sum of squared distances of the rows to their centres
 * @param nIter Lloyd iterations run
 * @param converged whether the labels stopped changing or the centre shift fell below the tolerance
 */
public record KMeansResult(int[] labels, double[][] centers, double inertia, int nIter, boolean converged) {

  public KMeansResult {
    labels = labels.clone();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }
}
