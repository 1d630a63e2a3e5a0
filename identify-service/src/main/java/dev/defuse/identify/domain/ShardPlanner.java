package dev.defuse.identify.domain;

import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.util.Require;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a job's selected images into shards of consecutive positions: {@code ceil(n / shardSize)} shards of
 * {@code shardSize} images, the last one holding the remainder. Positions index the job's resolved selection, not
 * the dataset (see {@link IdentifyShard}).
 */
public final class ShardPlanner {

    private ShardPlanner() {
    }

    /** A shard's range of selection positions, {@code [start, end)}. */
    public record ShardRange(int shardIndex, int shardCount, int start, int end) {

        public int size() {
            return end - start;
        }

        public IdentifyShard toEvent(String jobId) {
            return IdentifyShard.of(jobId, shardIndex, shardCount, start, end);
        }
    }

    /**
     * The shards of {@code selectedImages} images.
     *
     * @throws IllegalArgumentException if there is no image or the shard size is not positive
     */
    public static List<ShardRange> plan(int selectedImages, int shardSize) {
        Require.positive(shardSize, "identify.shardSize");
        Require.check(selectedImages > 0, "the image selection is empty: there is nothing to identify");
        int count = (int) ((selectedImages + (long) shardSize - 1) / shardSize);
        List<ShardRange> shards = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = i * shardSize;
            shards.add(new ShardRange(i, count, start, Math.min(selectedImages, start + shardSize)));
        }
        return shards;
    }
}
