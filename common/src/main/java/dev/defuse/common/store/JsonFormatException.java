package dev.defuse.common.store;

/**
 * An object's bytes (checksum verified) are not valid JSON for the type asked for, or violate its invariants: the
 * stored document is wrong, so reading it again will not help (unlike an unreachable server).
 */
public class JsonFormatException extends ObjectStoreException {

    public JsonFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
