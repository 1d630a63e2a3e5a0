package dev.defuse.identify.domain;

/** Where a job's identify stage is. */
public enum JobState {
    /** Accepted; its shards are being published. */
    SUBMITTING,
    /** Every shard is on the work topic; none finished yet. */
    QUEUED,
    /** Some shards finished. */
    RUNNING,
    /** Every shard finished and the completion event was published. */
    COMPLETED,
    /** A shard failed for good (its record is on the dead-letter topic); see the failures. */
    FAILED
}
