package dev.defuse.identify.domain;

/** A submission reusing the id of an existing job with a different spec (HTTP 409). */
public final class JobConflictException extends RuntimeException {

    public JobConflictException(String message) {
        super(message);
    }
}
