package dev.defuse.common.ml.model;

/** No model with this id is stored (no manifest at its location). */
public final class ModelNotFoundException extends RuntimeException {

    public ModelNotFoundException(String modelId, String location) {
        super("model '" + modelId + "' not found at " + location);
    }
}
