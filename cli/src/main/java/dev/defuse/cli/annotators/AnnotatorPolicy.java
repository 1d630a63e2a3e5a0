package dev.defuse.cli.annotators;

import java.util.SplittableRandom;

/**
 * How one simulated annotator answers, given the oracle's class probabilities: "none of the above" when the oracle is
 * unsure (its top probability is below {@code unsureBelow}), otherwise the oracle's class — except that with
 * probability {@code errorRate} the annotator slips and picks one of the other classes uniformly at random.
 *
 * @param errorRate   probability of a wrong class on a sure item, in [0, 1]
 * @param unsureBelow top oracle probability under which the answer is "none of the above", in [0, 1]
 */
public record AnnotatorPolicy(double errorRate, double unsureBelow) {

  /** Class id meaning "none of the above" in {@link #answer}'s result. */
  public static final int NONE_OF_THE_ABOVE = -1;

  public AnnotatorPolicy {
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("error rate must be in [0, 1], got " + errorRate);
    }
    if (!(unsureBelow >= 0 && unsureBelow <= 1)) {
      throw new IllegalArgumentException("unsure threshold must be in [0, 1], got " + unsureBelow);
    }
  }

  /**
   * The annotator's answer.
   *
   * @param probabilities the oracle's class probabilities (index = class id), at least two classes
   * @param random        the annotator's own random source (seeded per annotator for reproducible runs)
   * @return a class id, or {@link #NONE_OF_THE_ABOVE}
   */
  public int answer(double[] probabilities, SplittableRandom random) {
    int best = argMax(probabilities);
    if (probabilities[best] < unsureBelow) {
      return NONE_OF_THE_ABOVE;
    }
    if (probabilities.length > 1 && random.nextDouble() < errorRate) {
      int other = random.nextInt(probabilities.length - 1);
      return other >= best ? other + 1 : other;
    }
    return best;
  }

  static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
