package dev.defuse.identify.domain;

import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.TensorRef;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A job's identify progress ({@code jobs/{jobId}/identify/progress.json}), kept by the replica that consumes the
 * job's partition of the {@code mistakes} topic: one entry per {@link ShardCompleted} (a redelivered one changes
 * nothing), and the time the {@link IdentifyCompleted} event was acknowledged.
 *
 * @param shards      completed shards by index
 * @param completedAt when the completion event was acknowledged by the broker (null before)
 */
public record JobProgress(String jobId, int shardCount, SortedMap<Integer, ShardProgress> shards,
                          Instant firstShardAt, Instant lastShardAt, Instant completedAt) {

    /** One completed shard's counts. */
    public record ShardProgress(int imagesProcessed, int imagesSkipped, long samplesEvaluated, int mistakeCount,
                                TensorRef mistakes, Instant completedAt) {
    }

    public JobProgress {
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
    }

    /** No shard done yet. */
    public static JobProgress start(String jobId, int shardCount) {
        return new JobProgress(jobId, shardCount, new TreeMap<>(), null, null, null);
    }

    public boolean has(int shardIndex) {
        return shards.containsKey(shardIndex);
    }

    public boolean allShardsDone() {
        return shards.size() == shardCount;
    }

    public boolean completed() {
        return completedAt != null;
    }

    /** With {@code event}'s shard recorded (unchanged if it was already). */
    public JobProgress with(ShardCompleted event, Instant at) {
        if (has(event.shardIndex())) {
            return this;
        }
        TreeMap<Integer, ShardProgress> next = new TreeMap<>(shards);
        next.put(event.shardIndex(), new ShardProgress(event.imagesProcessed(), event.imagesSkipped(),
                event.samplesEvaluated(), event.mistakeCount(), event.mistakes(), at));
        return new JobProgress(jobId, shardCount, next, firstShardAt == null ? at : firstShardAt, at, completedAt);
    }

    public JobProgress completedAt(Instant at) {
        return new JobProgress(jobId, shardCount, shards, firstShardAt, lastShardAt, at);
    }

    public long imagesProcessed() {
        return shards.values().stream().mapToLong(ShardProgress::imagesProcessed).sum();
    }

    public long imagesSkipped() {
        return shards.values().stream().mapToLong(ShardProgress::imagesSkipped).sum();
    }

    public long samplesEvaluated() {
        return shards.values().stream().mapToLong(ShardProgress::samplesEvaluated).sum();
    }

    public long mistakeCount() {
        return shards.values().stream().mapToLong(ShardProgress::mistakeCount).sum();
    }

    /** The completion event for a job whose every shard is done (deterministic id). */
    public IdentifyCompleted completionEvent() {
        List<IdentifyCompleted.ShardSummary> summaries = shards.entrySet().stream()
                .map(e -> new IdentifyCompleted.ShardSummary(e.getKey(), e.getValue().mistakeCount(),
                        e.getValue().mistakes()))
                .toList();
        return IdentifyCompleted.of(jobId, imagesProcessed(), imagesSkipped(), summaries);
    }
}
