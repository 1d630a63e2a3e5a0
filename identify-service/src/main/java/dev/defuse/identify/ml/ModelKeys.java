package dev.defuse.identify.ml;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.util.Require;

/**
 * A job names its models by object key ({@code JobSpec.classifierModelKey}, {@code vaeModelKey}); models are
 * stored as {@code models/{modelId}/params.bin} + {@code manifest.json}. This class turns what a user may write — a
 * bare model id, {@code models/{id}}, {@code models/{id}/}, or either file's key — into the model id, and writes
 * the canonical key ({@code models/{id}/params.bin}) into specs.
 */
public final class ModelKeys {

    private ModelKeys() {
    }

    /**
     * The model id a reference names.
     *
     * @throws IllegalArgumentException if the reference is neither a model id nor a key under {@code models/{id}/}
     */
    public static String modelId(String reference, String field) {
        Require.nonBlank(reference, field);
        String ref = reference.trim();
        if (!ref.startsWith(ObjectKeys.MODELS)) {
            return Require.jobId(ref, field);
        }
        String rest = ref.substring(ObjectKeys.MODELS.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String file = rest.substring(slash + 1);
            Require.check(file.equals(ObjectKeys.MODEL_PARAMS) || file.equals(ObjectKeys.MODEL_MANIFEST),
                    field + " '" + reference + "' is not a model: expected a model id, models/{id}/, models/{id}/"
                            + ObjectKeys.MODEL_PARAMS + " or models/{id}/" + ObjectKeys.MODEL_MANIFEST);
            rest = rest.substring(0, slash);
        }
        return Require.jobId(rest, field);
    }

    /** The canonical object key of a model in a job spec: {@code models/{id}/params.bin}. */
    public static String specKey(String modelId) {
        return ObjectKeys.modelParams(modelId);
    }
}
