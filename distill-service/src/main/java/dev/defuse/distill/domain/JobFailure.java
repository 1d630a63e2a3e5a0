package dev.defuse.distill.domain;

/**
 * A job cannot be distilled, and trying again will not change that (no spec, a missing or damaged model, a
 * latent size the VAE does not take, inconsistent input). The job is marked failed with this message.
 */
public class JobFailure extends RuntimeException {

  public JobFailure(String message) {
    super(message);
  }

  public JobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
