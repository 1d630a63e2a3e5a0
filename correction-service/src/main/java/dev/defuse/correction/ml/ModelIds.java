package dev.defuse.correction.ml;

import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.Sha256;
import dev.defuse.common.util.Require;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Model ids and keys of the correction stage. */
public final class ModelIds {

    /** Longest id the registry accepts ({@code Require.jobId}). */
    private static final int MAX_ID = 100;

    private ModelIds() {
    }

    /**
     * The model id a registry key names: {@code models/{id}/params.bin}, {@code models/{id}/manifest.json} or
     * {@code models/{id}/}; a bare id is returned as it is.
     */
    public static String fromKey(String key) {
        Require.nonBlank(key, "model key");
        if (!key.contains("/")) {
            return Require.jobId(key, "model id");
        }
        Require.check(key.startsWith(ObjectKeys.MODELS),
                "model key '" + key + "' is not in the registry (expected " + ObjectKeys.MODELS + "{id}/"
                        + ObjectKeys.MODEL_PARAMS + ")");
        String rest = key.substring(ObjectKeys.MODELS.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String file = slash < 0 ? "" : rest.substring(slash + 1);
        Require.check(file.isEmpty() || file.equals(ObjectKeys.MODEL_PARAMS) || file.equals(ObjectKeys.MODEL_MANIFEST),
                "model key '" + key + "' names neither " + ObjectKeys.MODEL_PARAMS + " nor " + ObjectKeys.MODEL_MANIFEST);
        return Require.jobId(id, "model id in '" + key + "'");
    }

    /**
     * The id of a job's corrected model: {@code {jobId}-defuse} (or {@code {jobId}-baseline}); a job id too long for
     * that is replaced by a hash of it. The same job always gets the same id, so a repeated registration is the
     * same model.
     */
    public static String corrected(String jobId, SweepVariant variant) {
        return withSuffix(jobId, "-" + variant.name().toLowerCase(Locale.ROOT));
    }

    /** Id of a sweep point's candidate (before registration): {@code {jobId}-defuse-3}. */
    public static String candidate(String jobId, SweepVariant variant, int index) {
        return withSuffix(jobId, "-" + variant.name().toLowerCase(Locale.ROOT) + "-" + index);
    }

    private static String withSuffix(String jobId, String suffix) {
        Require.jobId(jobId);
        if (jobId.length() + suffix.length() <= MAX_ID) {
            return jobId + suffix;
        }
        return "job-" + Sha256.hex(jobId.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + suffix;
    }
}
