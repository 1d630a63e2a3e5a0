package dev.defuse.identify.domain;

import dev.defuse.common.events.TensorRef;

import java.time.Instant;
import java.util.List;

/**
 * The durable result of one shard ({@code jobs/{jobId}/identify/shards/shard-NNNNN.json}), written after the
 * shard's tensor object. Its events ({@code MistakeFound} per row, then {@code ShardCompleted}) are derived from it
 * alone, so a redelivered shard is republished from this document with the same event ids and content instead of
 * being recomputed.
 *
 * @param start            first position of the shard in the job's selection
 * @param end              end position (exclusive)
 * @param imagesProcessed  images perturbed
 * @param skippedImages    dataset indices skipped because their reconstruction is misclassified
 * @param samplesEvaluated decoded and classified draws
 * @param tensor           the decoded mistake images, one row per mistake (null when there is none)
 * @param mistakes         the kept mistakes in row order
 * @param worker           which replica computed it
 * @param computeSeconds   wall time of the computation
 */
public record ShardResult(String jobId, int shardIndex, int shardCount, int start, int end, int imagesProcessed,
                          int[] skippedImages, long samplesEvaluated, TensorRef tensor, List<MistakeRow> mistakes,
                          String worker, Instant startedAt, Instant finishedAt, double computeSeconds) {

    public ShardResult {
        mistakes = List.copyOf(mistakes);
        skippedImages = skippedImages.clone();
    }

    public int imagesSkipped() {
        return skippedImages.length;
    }

    public int mistakeCount() {
        return mistakes.size();
    }
}
