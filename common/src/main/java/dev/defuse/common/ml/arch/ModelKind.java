package dev.defuse.common.ml.arch;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a stored model is: the classifier under test or the β-VAE that generates new inputs for it. */
public enum ModelKind {
    CLASSIFIER("classifier"),
    VAE("vae");

    private final String id;

    ModelKind(String id) {
        this.id = id;
    }

    /** The lower-case id used in manifests and on the command line. */
    @JsonValue
    public String id() {
        return id;
    }
}
