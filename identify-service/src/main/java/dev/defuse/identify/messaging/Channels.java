package dev.defuse.identify.messaging;

/** Messaging channels of the identify service (topics and Kafka settings in application.properties). */
public final class Channels {

    /** Outgoing {@code identify-shards}: one {@code IdentifyShard} per shard of a submitted job. */
    public static final String SHARDS_OUT = "identify-shards-out";
    /** Incoming {@code identify-shards}: the work this replica's share of the partitions brings. */
    public static final String SHARDS_IN = "identify-shards-in";
    /** Outgoing {@code mistakes}: {@code MistakeFound}, {@code ShardCompleted}, {@code IdentifyCompleted}. */
    public static final String MISTAKES_OUT = "mistakes-out";
    /** Incoming {@code mistakes}: the stage's own output, to track each job's progress and completion. */
    public static final String MISTAKES_IN = "mistakes-in";
    /** Worker pool running shards ({@code smallrye.messaging.worker.identify-worker.max-concurrency}). */
    public static final String WORKER_POOL = "identify-worker";

    private Channels() {
    }
}
