package dev.defuse.dpgmm;

/** Progress of a fit, called on the fitting thread after every EM iteration. */
@FunctionalInterface
public interface FitListener {

  /** Ignores progress. */
  FitListener NONE = (init, iteration, lowerBound, change) -> { };

  /**
   * @param init zero-based initialisation index (of {@link DpgmmParams#nInit()})
   * @param iteration one-based EM iteration
   * @param lowerBound total variational lower bound after this iteration
   * @param change lower bound minus the previous one (+∞ on the first iteration)
   */
  void onIteration(int init, int iteration, double lowerBound, double change);
}
