package dev.defuse.common.ml.train;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.util.Require;
import java.util.SplittableRandom;

/** Rows of a labelled image set as the training loops read them: one flat NCHW pixel array, one label per row. */
record Samples(float[] pixels, int[] labels, int count, int pixelsPerImage) {

    static Samples of(LabeledImages images) {
        return new Samples(images.pixels(), images.labels(), images.size(), images.imageSize());
    }

    /** The rows of {@code images}, checked against the model's input. */
    static Samples of(LabeledImages images, ImageInput input, String what) {
        Require.check(images.channels() == input.channels() && images.height() == input.size()
                        && images.width() == input.size(),
                what + " are " + images.channels() + "×" + images.height() + "×" + images.width()
                        + " but the model takes " + input.channels() + "×" + input.size() + "×" + input.size());
        return of(images);
    }

    /** Every label must be a logit index of the classifier. */
    static void checkClasses(LabeledImages images, ClassifierArchitecture architecture) {
        for (var c : images.classes()) {
            Require.check(c.id() < architecture.numClasses(), "class id " + c.id() + " ('" + c.name()
                    + "') has no output in a classifier with " + architecture.numClasses() + " classes");
        }
    }

    /** Row indices 0..count-1. */
    int[] allRows() {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** Pixels of {@code rows[from..to)} in that order. */
    float[] gatherPixels(int[] rows, int from, int to) {
        float[] batch = new float[(to - from) * pixelsPerImage];
        for (int i = from; i < to; i++) {
            System.arraycopy(pixels, rows[i] * pixelsPerImage, batch, (i - from) * pixelsPerImage, pixelsPerImage);
        }
        return batch;
    }

    /** Labels of {@code rows[from..to)} as int64, the index type libtorch's gather needs. */
    long[] gatherLabels(int[] rows, int from, int to) {
        long[] batch = new long[to - from];
        for (int i = from; i < to; i++) {
            batch[i - from] = labels[rows[i]];
        }
        return batch;
    }

    /** A shuffled copy of {@code rows} (Fisher–Yates with {@code random}). */
    static int[] shuffled(int[] rows, SplittableRandom random) {
        int[] copy = rows.clone();
        for (int i = copy.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return copy;
    }
}
