package dev.defuse.common.store;

/** A failed object-store operation; the message names the key (or bucket) and what went wrong. */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message) {
        super(message);
    }

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
