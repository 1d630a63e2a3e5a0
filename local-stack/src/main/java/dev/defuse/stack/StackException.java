package dev.defuse.stack;

/** The local stack could not be started, stopped or inspected; the message says why and where to look. */
public class StackException extends RuntimeException {

  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
