package dev.defuse.common.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageAugmentationTest {

    private static final int SIZE = 9;

    private static float[] dot(int x, int y) {
        float[] image = new float[SIZE * SIZE];
        image[y * SIZE + x] = 1f;
        return image;
    }

    @Test
    void noAugmentationLeavesTheImagesAlone() {
        float[] images = new float[2 * SIZE * SIZE];
        new SplittableRandom(1).doubles(images.length).forEach(new java.util.function.DoubleConsumer() {
            int i;

            @Override
            public void accept(double v) {
                images[i++] = (float) v;
            }
        });
        float[] before = images.clone();
        ImageAugmentation.NONE.apply(images, 2, 1, SIZE, new SplittableRandom(7));
        assertThat(images).containsExactly(before);
        assertThat(ImageAugmentation.NONE.isNone()).isTrue();
        assertThat(ImageAugmentation.HUMAN_LIKE.isNone()).isFalse();
    }

    @Test
    void aShiftMovesThePixelsByThatManyPixels() {
        float[] image = dot(4, 4);
        ImageAugmentation.warp(image, 0, SIZE, 0, 1, 2, -1, new float[SIZE * SIZE]);
        assertThat(image[3 * SIZE + 6]).isEqualTo(1f);
        assertThat(sum(image)).isEqualTo(1f);
    }

    @Test
    void aQuarterTurnRotatesAboutTheCentre() {
        // centre (4, 4); a pixel 3 to the right of it ends up 3 above or below it, and nowhere else
        float[] image = dot(7, 4);
        ImageAugmentation.warp(image, 0, SIZE, Math.PI / 2, 1, 0, 0, new float[SIZE * SIZE]);
        assertThat(image[4 * SIZE + 7]).isZero();
        assertThat(image[7 * SIZE + 4] + image[1 * SIZE + 4]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void scalingUpSpreadsAPixelAwayFromTheCentre() {
        float[] image = dot(6, 4); // 2 right of the centre
        ImageAugmentation.warp(image, 0, SIZE, 0, 1.5, 0, 0, new float[SIZE * SIZE]);
        assertThat(image[4 * SIZE + 7]).isGreaterThan(0f); // 3 right of the centre
        assertThat(image[4 * SIZE + 6]).isLessThan(1f);
    }

    @Test
    void blurKeepsTheMassAndIsSymmetric() {
        float[] image = dot(4, 4);
        ImageAugmentation.blur(image, 0, SIZE, 1.0, new float[SIZE * SIZE]);
        assertThat(sum(image)).isCloseTo(1f, within(1e-4f));
        assertThat(image[4 * SIZE + 4]).isLessThan(0.2f).isGreaterThan(image[4 * SIZE + 5]);
        assertThat(image[4 * SIZE + 3]).isCloseTo(image[4 * SIZE + 5], within(1e-7f));
        assertThat(image[3 * SIZE + 4]).isCloseTo(image[5 * SIZE + 4], within(1e-7f));
    }

    @Test
    void theSameSeedGivesTheSameDistortionAndEachImageGetsItsOwn() {
        float[] a = new float[2 * SIZE * SIZE];
        a[4 * SIZE + 5] = 1f;
        a[SIZE * SIZE + 4 * SIZE + 5] = 1f; // two identical images
        float[] b = a.clone();
        ImageAugmentation.HUMAN_LIKE.apply(a, 2, 1, SIZE, new SplittableRandom(3));
        ImageAugmentation.HUMAN_LIKE.apply(b, 2, 1, SIZE, new SplittableRandom(3));
        assertThat(a).containsExactly(b);
        assertThat(Arrays.copyOfRange(a, 0, SIZE * SIZE)).isNotEqualTo(Arrays.copyOfRange(a, SIZE * SIZE, a.length));
    }

    @Test
    void refusesAWrongNumberOfPixelsAndAbsurdRanges() {
        assertThatThrownBy(() -> ImageAugmentation.HUMAN_LIKE.apply(new float[10], 1, 1, SIZE, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1 images");
        assertThatThrownBy(() -> new ImageAugmentation(0, 1.5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float sum(float[] image) {
        float s = 0;
        for (float v : image) {
            s += v;
        }
        return s;
    }
}
