package dev.defuse.cli.labeling;

/**
 * How well a paced run kept its schedule: the rate offered, the rate achieved (votes accepted over the measured
 * window, while every annotator still had tasks; see {@code VotingClients}) and how far behind its schedule the latest
 * annotator was at its last request.
 */
record PacedRate(double offeredVotesPerSecond, double achievedVotesPerSecond, double endLagSeconds) {

  /** Below this share of the offered rate the service did not keep up. */
  static final double SUSTAINED_FRACTION = 0.99;
  /** A schedule this far behind at the end means requests queued in the clients, whatever the average rate. */
  static final double MAX_END_LAG_SECONDS = 1.0;

  double achievedFraction() {
    return achievedVotesPerSecond / offeredVotesPerSecond;
  }

  boolean sustained() {
    return achievedFraction() >= SUSTAINED_FRACTION && endLagSeconds < MAX_END_LAG_SECONDS;
  }
}
