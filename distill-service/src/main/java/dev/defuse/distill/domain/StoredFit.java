package dev.defuse.distill.domain;

import java.time.Instant;
import java.util.List;

/**
 * A job's fit as stored in {@code jobs/{jobId}/distill/fit.json}: the settings it ran with, the whole mixture and
 * the regions chosen from it. Stored before any region is sampled, so a resumed job samples the same regions
 * without fitting again.
 *
 * @param settings    how the fit ran
 * @param summary     the numbers {@code DistillCompleted} reports
 * @param weights     expected mixing weights of all K components (empty when nothing was fitted)
 * @param means       K × d
 * @param covariances K × d × d
 * @param regions     the kept components, heaviest first
 */
public record StoredFit(String jobId, FitSettings settings, FitSummary summary, double[] weights, double[][] means,
    double[][][] covariances, List<Region> regions, Instant fittedAt) {

  public StoredFit {
    regions = List.copyOf(regions);
  }

  /**
   * The fit's settings, recorded so a result can be reproduced.
   *
   * @param requestedComponents the job's K
   * @param components          the K used (at most the number of codes)
   * @param weightThreshold     ε
   * @param seed                the job's seed
   * @param nInit               initialisations
   * @param maxIter             EM iteration limit
   * @param tol                 convergence threshold
   * @param maxCodes            the job's downsampling limit
   */
  public record FitSettings(int requestedComponents, int components, double weightThreshold, long seed, int nInit,
      int maxIter, double tol, int maxCodes) {}

  /**
   * A kept component.
   *
   * @param assignedCodes codes of the fit whose most probable component this is
   * @param labelPairs    the most frequent (original label → predicted label) pairs among those codes, most
   *                      frequent first: what kind of mistake the region holds
   */
  public record Region(int regionId, int component, double weight, int assignedCodes, List<LabelPair> labelPairs) {}

  /** How many assigned mistakes turned {@code originalLabel} into {@code predictedLabel}. */
  public record LabelPair(int originalLabel, int predictedLabel, int count) {}

  /** The candidates of this fit, with their means and covariances. */
  public List<RegionCandidate> candidates() {
    return regions.stream().map(r -> new RegionCandidate(r.regionId(), r.component(), r.weight(),
        means[r.component()].clone(), copy(covariances[r.component()]))).toList();
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
