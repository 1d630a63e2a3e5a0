package dev.defuse.common.messaging;

/**
 * The broker refused a record or did not acknowledge it in time: transient, the caller retries (the record has the
 * same event id on every attempt, so consumers deduplicate what was in fact written twice).
 */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
