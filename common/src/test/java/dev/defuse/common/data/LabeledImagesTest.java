package dev.defuse.common.data;

import dev.defuse.common.events.ClassInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabeledImagesTest {

    private static final List<ClassInfo> CLASSES = List.of(new ClassInfo(0, "a"), new ClassInfo(1, "b"));
    private static final ImageShape SHAPE = new ImageShape(1, 1, 2);

    /** Image i has pixels (i/10, i/20) and label i % 2. */
    private static LabeledImages sample(int n) {
        float[] pixels = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[2 * i] = i / 10f;
            pixels[2 * i + 1] = i / 20f;
            labels[i] = i % 2;
        }
        return new LabeledImages(SHAPE, pixels, labels, CLASSES);
    }

    @Test
    void batchesCoverEveryImageInOrder() {
        List<LabeledImages.Batch> batches = new ArrayList<>();
        sample(7).batches(3).forEach(batches::add);
        assertThat(batches).extracting(LabeledImages.Batch::size).containsExactly(3, 3, 1);
        assertThat(batches).extracting(LabeledImages.Batch::offset).containsExactly(0, 3, 6);
        assertThat(batches.get(1).labels()).containsExactly(1, 0, 1);
        assertThat(batches.get(2).pixels()).containsExactly(6 / 10f, 6 / 20f);
        assertThat(batches.get(0).tensor().shape()).containsExactly(3, 1, 1, 2);
    }

    @Test
    void subsetSliceSplitAndShuffle() {
        LabeledImages images = sample(10);
        LabeledImages subset = images.subset(new int[]{9, 0, 9});
        assertThat(subset.labels()).containsExactly(1, 0, 1);
        assertThat(subset.image(0)).containsExactly(9 / 10f, 9 / 20f);
        assertThat(images.slice(2, 4).image(1)).containsExactly(3 / 10f, 3 / 20f);

        LabeledImages.Split split = images.split(0.3, 42);
        assertThat(split.first().size()).isEqualTo(3);
        assertThat(split.second().size()).isEqualTo(7);
        LabeledImages joined = split.first().concat(split.second());
        List<Float> firstPixels = new ArrayList<>();
        for (int i = 0; i < joined.size(); i++) {
            firstPixels.add(joined.image(i)[0]);
        }
        assertThat(firstPixels).as("a split loses and duplicates nothing")
                .containsExactlyInAnyOrder(0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f);
        assertThat(images.split(0.3, 42).first().pixels()).containsExactly(split.first().pixels());
        assertThat(images.split(0.3, 43).first().pixels()).isNotEqualTo(split.first().pixels());
        assertThat(images.shuffled(5).labelCounts()).containsExactly(5, 5);
    }

    @Test
    void fingerprintChangesWithAnyContent() {
        LabeledImages images = sample(4);
        assertThat(images.fingerprint()).hasSize(64).isEqualTo(sample(4).fingerprint());
        float[] pixels = images.pixels().clone();
        pixels[3] = 0.5f;
        assertThat(new LabeledImages(SHAPE, pixels, images.labels(), CLASSES).fingerprint())
                .isNotEqualTo(images.fingerprint());
        int[] labels = images.labels();
        labels[0] = 1;
        assertThat(new LabeledImages(SHAPE, images.pixels(), labels, CLASSES).fingerprint())
                .isNotEqualTo(images.fingerprint());
        assertThat(new LabeledImages(SHAPE, images.pixels(), images.labels(),
                List.of(new ClassInfo(0, "a"), new ClassInfo(1, "c"))).fingerprint())
                .isNotEqualTo(images.fingerprint());
    }

    @Test
    void validatesItsInvariants() {
        assertThatThrownBy(() -> new LabeledImages(SHAPE, new float[3], new int[2], CLASSES))
                .hasMessageContaining("need 4 pixels, got 3");
        assertThatThrownBy(() -> new LabeledImages(SHAPE, new float[2], new int[]{2}, CLASSES))
                .hasMessageContaining("label 2 of image 0 is not a class id");
        assertThatThrownBy(() -> new LabeledImages(SHAPE, new float[]{0f, 1.5f}, new int[]{0}, CLASSES))
                .hasMessageContaining("pixel 1 of image 0 is 1.5, outside [0, 1]");
        assertThatThrownBy(() -> new LabeledImages(SHAPE, new float[]{0f, Float.NaN}, new int[]{0}, CLASSES))
                .hasMessageContaining("is NaN");
        assertThatThrownBy(() -> new LabeledImages(SHAPE, new float[2], new int[]{0},
                List.of(new ClassInfo(0, "a"), new ClassInfo(0, "b")))).hasMessageContaining("class id 0 appears twice");
    }
}
