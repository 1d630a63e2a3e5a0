package dev.defuse.distill.domain;

/**
 * What the fit of a job gave, as shown in the job's state and in {@code DistillCompleted}.
 *
 * @param mistakesReceived mistakes in the job's complete mistake set
 * @param codesFitted      codes the DP-GMM was fitted on (after downsampling); 0 when there was nothing to fit
 * @param components       truncation level K actually used (the job's K, or fewer when there were fewer codes)
 * @param iterations       EM iterations of the kept initialisation
 * @param converged        whether the lower bound converged
 * @param lowerBound       the final lower bound; null when nothing was fitted
 * @param regionCount      components above the weight threshold, i.e. regions
 * @param fitSeconds       wall-clock time of the fit
 */
public record FitSummary(long mistakesReceived, int codesFitted, int components, int iterations, boolean converged,
    Double lowerBound, int regionCount, double fitSeconds) {

  /** A job without enough codes to fit a mixture (fewer than two): no regions. */
  public static FitSummary nothingToFit(long mistakesReceived) {
    return new FitSummary(mistakesReceived, 0, 0, 0, false, null, 0, 0);
  }
}
