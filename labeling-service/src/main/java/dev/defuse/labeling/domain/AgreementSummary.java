package dev.defuse.labeling.domain;

import java.util.List;

/**
 * Mean ± standard error of per-item annotator agreement over a group of items (paper Fig. 7).
 *
 * @param items number of items in the group (items with a label)
 * @param mean mean agreement (NaN for an empty group)
 * @param standardError sample standard deviation / √n (NaN with fewer than two items)
 */
public record AgreementSummary(int items, double mean, double standardError) {

  /** Summarises per-item agreements, each in [0, 1]. */
  public static AgreementSummary of(List<Double> agreements) {
    int n = agreements.size();
    if (n == 0) {
      return new AgreementSummary(0, Double.NaN, Double.NaN);
    }
    double mean = agreements.stream().mapToDouble(Double::doubleValue).sum() / n;
    if (n == 1) {
      return new AgreementSummary(1, mean, Double.NaN);
    }
    double squares = agreements.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum();
    double sd = Math.sqrt(squares / (n - 1));
    return new AgreementSummary(n, mean, sd / Math.sqrt(n));
  }
}
