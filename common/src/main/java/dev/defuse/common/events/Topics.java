package dev.defuse.common.events;

import dev.defuse.common.util.Require;

/**
 * The Kafka topic names of the pipeline: the only place they are spelled out. Services use these constants for
 * channel configuration ({@code mp.messaging.*.topic}) and in code.
 */
public final class Topics {

    /** Work topic: one {@link IdentifyShard} per shard of a job, keyed {@code jobId/shard}. */
    public static final String IDENTIFY_SHARDS = "identify-shards";
    /** {@link MistakeFound}, {@link ShardCompleted}, {@link IdentifyCompleted}, keyed by job id. */
    public static final String MISTAKES = "mistakes";
    /** {@link RegionFound}, {@link DistillCompleted}, keyed by job id. */
    public static final String REGIONS = "regions";
    /** {@link RegionLabeled}, {@link LabelingCompleted}, keyed by job id. */
    public static final String LABELS = "labels";
    /** Work topic: one {@link SweepPoint} per λ and variant, keyed {@code jobId/variant/index}. */
    public static final String CORRECTION_SWEEP = "correction-sweep";
    /** {@link ModelRegistered}, keyed by job id. */
    public static final String FINETUNED_MODELS = "finetuned-models";

    /** Suffix of the dead-letter topic of every topic. */
    public static final String DLQ_SUFFIX = "-dlq";

    /** Every topic of the pipeline, in pipeline order (without dead-letter topics). */
    public static final java.util.List<String> ALL = java.util.List.of(
            IDENTIFY_SHARDS, MISTAKES, REGIONS, LABELS, CORRECTION_SWEEP, FINETUNED_MODELS);

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}: {@code topic + "-dlq"}. */
    public static String dlq(String topic) {
        return Require.nonBlank(topic, "topic") + DLQ_SUFFIX;
    }
}
