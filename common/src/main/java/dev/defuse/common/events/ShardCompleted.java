package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Identify finished shard {@code shardIndex}: all its {@link MistakeFound} records precede this event on
 * {@link Topics#MISTAKES}. {@code mistakes} is the shard's tensor object of decoded mistake images (one row per
 * kept mistake); it may be null only when the shard kept no mistake.
 *
 * @param imagesProcessed  images of the shard that were perturbed
 * @param imagesSkipped    images skipped because their own reconstruction is misclassified (option of the job)
 * @param samplesEvaluated decoded and classified draws ({@code imagesProcessed × Q})
 */
public record ShardCompleted(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        int shardIndex,
        int shardCount,
        int imagesProcessed,
        int imagesSkipped,
        long samplesEvaluated,
        int mistakeCount,
        TensorRef mistakes) implements DefuseEvent {

    public ShardCompleted {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.positive(shardCount, "shardCount");
        Require.index(shardIndex, shardCount, "shardIndex");
        Require.nonNegative(imagesProcessed, "imagesProcessed");
        Require.nonNegative(imagesSkipped, "imagesSkipped");
        Require.nonNegative(samplesEvaluated, "samplesEvaluated");
        Require.nonNegative(mistakeCount, "mistakeCount");
        Require.check(mistakeCount == 0 || mistakes != null,
                "mistakes (tensor ref) is required when mistakeCount > 0, got mistakeCount=" + mistakeCount);
    }

    /** The completion with its deterministic event id ({@code jobId:shard-completed:shardIndex}). */
    public static ShardCompleted of(String jobId, int shardIndex, int shardCount, int imagesProcessed,
                                    int imagesSkipped, long samplesEvaluated, int mistakeCount, TensorRef mistakes) {
        return new ShardCompleted(EventIds.of(jobId, "shard-completed", shardIndex), jobId, Instant.now(),
                shardIndex, shardCount, imagesProcessed, imagesSkipped, samplesEvaluated, mistakeCount, mistakes);
    }

    @Override
    public String topic() {
        return Topics.MISTAKES;
    }
}
