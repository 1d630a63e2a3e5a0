package dev.defuse.cli.annotators;

import picocli.CommandLine.Option;

/** How the simulated annotators answer. */
public final class PolicyOptions {

  /** Default probability that an annotator answers a wrong class on an item the oracle is sure about. */
  public static final String DEFAULT_ERROR_RATE = "0.1";
  /** Default top oracle probability under which annotators answer "none of the above". */
  public static final String DEFAULT_UNSURE_BELOW = "0.6";

  @Option(names = "--annotators", paramLabel = "N", defaultValue = "5",
      description = "Annotators of the simulated vendor (default ${DEFAULT-VALUE}, as in the paper).")
  public int annotators;

  @Option(names = "--error-rate", paramLabel = "P", defaultValue = DEFAULT_ERROR_RATE,
      description = "Probability that an annotator picks a wrong class at random (default ${DEFAULT-VALUE}).")
  public double errorRate;

  @Option(names = "--unsure-below", paramLabel = "P", defaultValue = DEFAULT_UNSURE_BELOW,
      description = "Annotators answer none_of_the_above when the oracle's top probability is below P "
          + "(default ${DEFAULT-VALUE}).")
  public double unsureBelow;

  @Option(names = "--annotator-seed", paramLabel = "SEED", defaultValue = "7",
      description = "Seeds the annotators' random slips (default ${DEFAULT-VALUE}).")
  public long seed;

  public AnnotatorPolicy policy() {
    return new AnnotatorPolicy(errorRate, unsureBelow);
  }
}
