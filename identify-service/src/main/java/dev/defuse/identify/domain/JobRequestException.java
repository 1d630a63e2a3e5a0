package dev.defuse.identify.domain;

/** A job submission that cannot be accepted as sent (HTTP 400): the message says what to fix. */
public final class JobRequestException extends RuntimeException {

    public JobRequestException(String message) {
        super(message);
    }

    public JobRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
