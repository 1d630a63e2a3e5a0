package dev.defuse.cli.annotators;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * How one simulated annotator answers, given the oracle's class probabilities: "none of the above" when the oracle is
 * unsure (its top probability is below {@code unsureBelow}), otherwise the oracle's class — except that with
 * probability {@code errorRate} the annotator slips and picks one of the other classes uniformly at random.
 *
 * <p>A decision's randomness comes from {@link #decisionRandom}: a function of the annotator and the item only, never
 * of the order in which tasks arrive, so a run whose tasks come in another order (after a service restart, with
 * other batch sizes or leases) gets the same votes.
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
   * @param random        the decision's random source ({@link #decisionRandom} in the simulation)
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

  /**
   * The random source of one decision, seeded by a SHA-256 of (seed, annotator id, item key) alone.
   *
   * @param seed        the vendor's annotator seed
   * @param annotatorId the annotator's id
   * @param itemKey     what the annotator knows of the item that stays the same from run to run (the simulation uses
   *                    a digest of the image: database ids and job ids differ between two runs of the same job)
   */
  public static SplittableRandom decisionRandom(long seed, String annotatorId, String itemKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      // a separator that cannot occur in UTF-8 text keeps ("a", "bc") and ("ab", "c") apart
      sha.update(annotatorId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0xff);
      sha.update(itemKey.getBytes(StandardCharsets.UTF_8));
      return new SplittableRandom(ByteBuffer.wrap(sha.digest()).getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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
