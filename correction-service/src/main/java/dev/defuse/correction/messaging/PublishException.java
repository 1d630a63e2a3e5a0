package dev.defuse.correction.messaging;

/** The broker did not acknowledge a record in time or refused it: transient, the caller retries. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
