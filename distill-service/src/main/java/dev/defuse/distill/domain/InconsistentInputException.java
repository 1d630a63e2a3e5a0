package dev.defuse.distill.domain;

/**
 * The job's records on {@code mistakes} contradict each other (a shard completion counting rows that never came,
 * latent codes of different sizes, a completion listing a different shard than the one stored, ...). The job
 * fails with this message; nothing is guessed.
 */
public class InconsistentInputException extends JobFailure {

  public InconsistentInputException(String message) {
    super(message);
  }
}
