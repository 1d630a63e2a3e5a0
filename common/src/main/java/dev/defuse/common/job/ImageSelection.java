package dev.defuse.common.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.defuse.common.util.Require;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which training images a job perturbs: all of them, a contiguous range {@code [start, start + count)}, or a seeded
 * random sample of {@code count} images. {@link #resolve} turns it into ascending dataset indices; identify shards
 * are ranges of positions in that list.
 */
public record ImageSelection(Kind kind, int start, int count) {

    public enum Kind { ALL, RANGE, SAMPLE }

    public ImageSelection {
        Require.nonNull(kind, "selection kind");
        switch (kind) {
            case ALL -> Require.check(start == 0 && count == 0, "selection ALL takes no start or count");
            case RANGE -> {
                Require.nonNegative(start, "selection start");
                Require.positive(count, "selection count");
            }
            case SAMPLE -> {
                Require.check(start == 0, "selection SAMPLE takes no start");
                Require.positive(count, "selection count");
            }
        }
    }

    /** Missing {@code start}/{@code count} read as 0, a missing kind as ALL. */
    @JsonCreator
    static ImageSelection fromJson(@JsonProperty("kind") Kind kind, @JsonProperty("start") Integer start,
                                   @JsonProperty("count") Integer count) {
        return new ImageSelection(kind == null ? Kind.ALL : kind, start == null ? 0 : start, count == null ? 0 : count);
    }

    public static ImageSelection all() {
        return new ImageSelection(Kind.ALL, 0, 0);
    }

    public static ImageSelection range(int start, int count) {
        return new ImageSelection(Kind.RANGE, start, count);
    }

    public static ImageSelection sample(int count) {
        return new ImageSelection(Kind.SAMPLE, 0, count);
    }

    /**
     * The selected dataset indices in ascending order.
     *
     * @param datasetSize number of images in the dataset
     * @param seed        seed of the sample (the job's identify seed); ignored for ALL and RANGE
     * @throws IllegalArgumentException if the range or sample does not fit the dataset
     */
    public int[] resolve(int datasetSize, long seed) {
        Require.nonNegative(datasetSize, "datasetSize");
        return switch (kind) {
            case ALL -> indices(0, datasetSize);
            case RANGE -> {
                Require.check((long) start + count <= datasetSize, "image range [" + start + ", " + (start + count)
                        + ") exceeds the dataset's " + datasetSize + " images");
                yield indices(start, count);
            }
            case SAMPLE -> {
                Require.check(count <= datasetSize, "cannot sample " + count + " images from a dataset of "
                        + datasetSize);
                yield sample(datasetSize, count, seed);
            }
        };
    }

    private static int[] indices(int from, int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = from + i;
        }
        return indices;
    }

    /** Partial Fisher-Yates with SplittableRandom (the same on every JVM), sorted. */
    private static int[] sample(int n, int k, long seed) {
        int[] all = indices(0, n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        int[] chosen = Arrays.copyOf(all, k);
        Arrays.sort(chosen);
        return chosen;
    }
}
