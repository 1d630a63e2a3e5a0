package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Work item on {@link Topics#IDENTIFY_SHARDS}: shard {@code shardIndex} of {@code shardCount} of a job covers the
 * positions {@code [start, end)} of the job's image selection ({@code JobSpec.identify().selection()} resolved
 * against the dataset), not raw dataset indices.
 */
public record IdentifyShard(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        int shardIndex,
        int shardCount,
        int start,
        int end) implements DefuseEvent {

    public IdentifyShard {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.positive(shardCount, "shardCount");
        Require.index(shardIndex, shardCount, "shardIndex");
        Require.nonNegative(start, "start");
        Require.check(end > start, "end must be > start, got start=" + start + " end=" + end);
    }

    /** The shard with its deterministic event id ({@code jobId:identify-shard:shardIndex}). */
    public static IdentifyShard of(String jobId, int shardIndex, int shardCount, int start, int end) {
        return new IdentifyShard(EventIds.of(jobId, "identify-shard", shardIndex), jobId, Instant.now(),
                shardIndex, shardCount, start, end);
    }

    /** Number of images in the shard. */
    public int size() {
        return end - start;
    }

    @Override
    public String topic() {
        return Topics.IDENTIFY_SHARDS;
    }

    /** {@code jobId/shardIndex}: a job's shards spread over the partitions so replicas share them. */
    @Override
    public String partitionKey() {
        return jobId + "/" + shardIndex;
    }
}
