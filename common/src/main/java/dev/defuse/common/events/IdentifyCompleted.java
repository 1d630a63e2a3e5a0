package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every shard of a job is done: the job's mistake set on {@link Topics#MISTAKES} is complete. Published after the
 * last {@link ShardCompleted}; carries the totals and each shard's tensor checksum.
 */
public record IdentifyCompleted(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        int shardCount,
        long imagesProcessed,
        long imagesSkipped,
        long mistakeCount,
        List<ShardSummary> shards) implements DefuseEvent {

    /** One shard's result: its mistake count and tensor object (null when it kept no mistake). */
    public record ShardSummary(int shardIndex, int mistakeCount, TensorRef mistakes) {
        public ShardSummary {
            Require.nonNegative(shardIndex, "shardIndex");
            Require.nonNegative(mistakeCount, "mistakeCount");
            Require.check(mistakeCount == 0 || mistakes != null,
                    "shard " + shardIndex + ": mistakes (tensor ref) is required when mistakeCount > 0");
        }

        public static ShardSummary of(ShardCompleted shard) {
            return new ShardSummary(shard.shardIndex(), shard.mistakeCount(), shard.mistakes());
        }
    }

    public IdentifyCompleted {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.positive(shardCount, "shardCount");
        Require.nonNegative(imagesProcessed, "imagesProcessed");
        Require.nonNegative(imagesSkipped, "imagesSkipped");
        Require.nonNegative(mistakeCount, "mistakeCount");
        shards = List.copyOf(Require.nonNull(shards, "shards"));
        Require.check(shards.size() == shardCount,
                "shards must list every shard: expected " + shardCount + ", got " + shards.size());
        long sum = 0;
        for (int i = 0; i < shards.size(); i++) {
            Require.check(shards.get(i).shardIndex() == i,
                    "shards must be ordered by shardIndex 0.." + (shardCount - 1) + ", position " + i
                            + " holds shard " + shards.get(i).shardIndex());
            sum += shards.get(i).mistakeCount();
        }
        Require.check(sum == mistakeCount,
                "mistakeCount " + mistakeCount + " differs from the sum over shards " + sum);
    }

    /** The completion with its deterministic event id ({@code jobId:identify-completed}). */
    public static IdentifyCompleted of(String jobId, long imagesProcessed, long imagesSkipped,
                                       List<ShardSummary> shards) {
        long mistakes = shards.stream().mapToLong(ShardSummary::mistakeCount).sum();
        return new IdentifyCompleted(EventIds.of(jobId, "identify-completed"), jobId, Instant.now(), shards.size(),
                imagesProcessed, imagesSkipped, mistakes, shards);
    }

    @Override
    public String topic() {
        return Topics.MISTAKES;
    }
}
