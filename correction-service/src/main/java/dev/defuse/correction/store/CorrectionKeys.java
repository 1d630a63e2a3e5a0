package dev.defuse.correction.store;

import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.store.ObjectKeys;
import java.util.Locale;

/**
 * Object keys of a job's correction state, all under {@code jobs/{jobId}/correction/} (JSON) and
 * {@code tensors/{jobId}/correction/} (the failure data as tensors).
 */
public final class CorrectionKeys {

    /** Stage name in tensor keys ({@code tensors/{jobId}/correction/…}). */
    public static final String STAGE = "correction";
    private static final String ROOT = "correction/";

    private CorrectionKeys() {
    }

    /** {@code jobs/{jobId}/correction/}: everything the stage stores about a job. */
    public static String jobPrefix(String jobId) {
        return ObjectKeys.jobPrefix(jobId) + ROOT;
    }

    /** {@code jobs/{jobId}/correction/labels/}. */
    public static String labelsPrefix(String jobId) {
        return jobPrefix(jobId) + "labels/";
    }

    /** The annotators' decision on one region: {@code jobs/{jobId}/correction/labels/region-003.json}. */
    public static String regionLabels(String jobId, int regionId) {
        return ObjectKeys.jobObject(jobId, ROOT + String.format(Locale.ROOT, "labels/region-%03d.json", regionId));
    }

    /** The sweep plan: data, regions and points ({@code jobs/{jobId}/correction/plan.json}). */
    public static String plan(String jobId) {
        return ObjectKeys.jobObject(jobId, ROOT + "plan.json");
    }

    /** Marker: every point of the plan was acknowledged by the broker. */
    public static String published(String jobId) {
        return ObjectKeys.jobObject(jobId, ROOT + "sweep-published.json");
    }

    /** {@code jobs/{jobId}/correction/sweep/}. */
    public static String sweepPrefix(String jobId) {
        return jobPrefix(jobId) + "sweep/";
    }

    /** The result of one sweep point: {@code jobs/{jobId}/correction/sweep/defuse-2.json}. */
    public static String pointResult(String jobId, SweepVariant variant, int index) {
        return ObjectKeys.jobObject(jobId, ROOT + "sweep/" + pointName(variant, index) + ".json");
    }

    /**
     * The candidate parameters of one sweep point, named by their checksum so a result always names exactly the
     * blob it describes, even when two replicas trained the same point after a rebalance.
     */
    public static String pointParameters(String jobId, SweepVariant variant, int index, String sha256) {
        return ObjectKeys.jobObject(jobId, ROOT + "sweep/" + pointName(variant, index) + "-" + sha256.substring(0, 16)
                + ".params");
    }

    /** Whether {@code key} (under {@link #sweepPrefix}) is a point result rather than parameters. */
    public static boolean isPointResult(String key) {
        return key.endsWith(".json");
    }

    /** {@code defuse-2}: variant and index of a point. */
    public static String pointName(SweepVariant variant, int index) {
        return variant.name().toLowerCase(Locale.ROOT) + "-" + index;
    }

    /** Evaluation of base model, both variants and the λ trade-off curve. */
    public static String summary(String jobId) {
        return ObjectKeys.jobObject(jobId, ROOT + "summary.json");
    }

    /** The λ trade-off curve as CSV (paper Fig. 5). */
    public static String tradeoffCsv(String jobId) {
        return ObjectKeys.jobObject(jobId, ROOT + "tradeoff.csv");
    }

    /** The published {@code ModelRegistered} event: the job is done. */
    public static String registered(String jobId) {
        return ObjectKeys.jobObject(jobId, ROOT + "registered.json");
    }

    /** A terminal outcome without a model (nothing to correct, or the sweep failed). */
    public static String outcome(String jobId) {
        return ObjectKeys.jobObject(jobId, ROOT + "outcome.json");
    }

    /** Images of a failure set: {@code tensors/{jobId}/correction/{name}.dft}. */
    public static String images(String jobId, String name) {
        return ObjectKeys.tensor(jobId, STAGE, name);
    }

    /** Labels and region ids of a failure set: {@code tensors/{jobId}/correction/{name}-labels.dft}. */
    public static String labels(String jobId, String name) {
        return ObjectKeys.tensor(jobId, STAGE, name + "-labels");
    }
}
