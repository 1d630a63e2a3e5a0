package dev.defuse.correction.messaging;

/** Messaging channel names of the correction service (their topics are configured in application.properties). */
public final class Channels {

    /** Incoming {@code labels}: {@code RegionLabeled}, {@code LabelingCompleted} (key: job id). */
    public static final String LABELS_IN = "labels-in";
    /** Outgoing {@code correction-sweep}: one {@code SweepPoint} per λ and variant (key: jobId/variant/index). */
    public static final String SWEEP_OUT = "sweep-out";
    /** Incoming {@code correction-sweep}: the points this replica's partitions hold. */
    public static final String SWEEP_IN = "sweep-in";
    /** Outgoing {@code finetuned-models}: {@code ModelRegistered} (key: job id). */
    public static final String MODELS_OUT = "models-out";
    /** Worker pool the sweep points are trained on (its size is {@code smallrye.messaging.worker.<name>.max-concurrency}). */
    public static final String SWEEP_WORKERS = "correction-sweep-workers";

    private Channels() {
    }
}
