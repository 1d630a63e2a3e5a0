package dev.defuse.common.ml.model;

/**
 * A stored model cannot be used: its parameter blob is damaged, truncated, belongs to another architecture, or
 * does not match its manifest. Loading never falls back to random weights; it throws this instead.
 */
public final class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
