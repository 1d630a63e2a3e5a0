package dev.defuse.common.ml.model;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.util.Require;

/**
 * Model references in job requests and specs. A model is stored as {@code models/{modelId}/params.bin} +
 * {@code manifest.json}; a reference may be the bare id, the model's folder ({@code models/{id}} or
 * {@code models/{id}/}) or the key of either file. Every stage turns a spec's model keys into repository ids here, so
 * they all accept the same forms and refuse the same mistakes; specs store the canonical {@link #specKey}.
 */
public final class ModelKeys {

    private ModelKeys() {
    }

    /**
     * The model id a reference names.
     *
     * @param field what the reference is, for the error message (e.g. {@code vaeModel})
     * @throws IllegalArgumentException if the reference is neither a model id nor a key of a model's folder or files
     */
    public static String modelId(String reference, String field) {
        Require.nonBlank(reference, field);
        String ref = reference.trim();
        if (ref.indexOf('/') < 0) {
            return Require.jobId(ref, field);
        }
        String expected = field + " '" + reference + "' is not a model: expected a model id, " + ObjectKeys.MODELS
                + "{modelId}, " + ObjectKeys.MODELS + "{modelId}/" + ObjectKeys.MODEL_PARAMS + " or "
                + ObjectKeys.MODELS + "{modelId}/" + ObjectKeys.MODEL_MANIFEST;
        Require.check(ref.startsWith(ObjectKeys.MODELS), expected);
        String[] parts = ref.substring(ObjectKeys.MODELS.length()).split("/", -1);
        boolean folder = parts.length == 1 || parts.length == 2 && parts[1].isEmpty();
        boolean file = parts.length == 2
                && (parts[1].equals(ObjectKeys.MODEL_PARAMS) || parts[1].equals(ObjectKeys.MODEL_MANIFEST));
        Require.check(folder || file, expected);
        return Require.jobId(parts[0], field + ": model id");
    }

    /** {@link #modelId(String, String)} for a spec's model key. */
    public static String modelId(String key) {
        return modelId(key, "model key");
    }

    /** The canonical key of a model in a job spec: {@code models/{id}/params.bin}. */
    public static String specKey(String modelId) {
        return ObjectKeys.modelParams(modelId);
    }
}
