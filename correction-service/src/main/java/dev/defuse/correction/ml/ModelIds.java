package dev.defuse.correction.ml;

import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.store.Sha256;
import dev.defuse.common.util.Require;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Ids of the models the correction stage registers (spec keys are read with {@code common}'s {@code ModelKeys}). */
public final class ModelIds {

    /** Longest id the registry accepts ({@code Require.jobId}). */
    private static final int MAX_ID = 100;

    private ModelIds() {
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
