package dev.defuse.cli.http;

/**
 * A failed call to one of the stack's HTTP services: refused with a status (and the problem+json {@code detail} as
 * message when there is one), unreachable, or answered with something unusable. {@link #status()} is 0 when there
 * was no HTTP answer.
 */
public class ServiceException extends RuntimeException {

  private final int status;

  public ServiceException(String message) {
    this(0, message);
  }

  public ServiceException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status of the refusal, 0 when the service did not answer with one. */
  public int status() {
    return status;
  }
}
