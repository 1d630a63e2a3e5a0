package dev.defuse.common.ml.train;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which epoch's parameters a classifier run keeps. */
public enum EpochSelection {
    /** The epoch with the highest validation accuracy (the earliest on ties); the last one without validation. */
    BEST("best"),
    /**
     * The last epoch; validation is still measured and reported. With a cosine schedule the last epoch is the
     * annealed model, and on small validation sets the "best" epoch is mostly noise (see docs/ml.md).
     */
    LAST("last");

    private final String id;

    EpochSelection(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Parses {@code best} or {@code last} (any case). */
    public static EpochSelection parse(String text) {
        for (EpochSelection selection : values()) {
            if (selection.id.equalsIgnoreCase(text.trim())) {
                return selection;
            }
        }
        throw new IllegalArgumentException("unknown epoch selection '" + text + "': use best or last");
    }
}
