package dev.defuse.distill.domain;

/**
 * A DP-GMM component kept as a region.
 *
 * @param regionId   position in the job's region list (0 = heaviest)
 * @param component  index of the component in the fit
 * @param weight     the component's expected mixing weight
 * @param mean       μ
 * @param covariance Σ
 */
public record RegionCandidate(int regionId, int component, double weight, double[] mean, double[][] covariance) {}
