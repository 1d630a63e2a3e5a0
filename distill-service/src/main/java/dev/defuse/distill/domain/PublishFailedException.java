package dev.defuse.distill.domain;

/** The broker refused an event or did not acknowledge it in time; the job publishes again later. */
public class PublishFailedException extends RuntimeException {

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
