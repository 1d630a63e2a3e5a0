package dev.defuse.common.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {

    private static LabeledImages train;
    private static LabeledImages test;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readRealMnist() {
        train = MnistDataset.train(RepositoryFiles.mnist());
        test = MnistDataset.test(RepositoryFiles.mnist());
    }

    @Test
    void readsTheTrainingSet() {
        assertThat(train.size()).isEqualTo(10_000);
        assertThat(train.shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(train.pixels()).hasSize(10_000 * 784);
        assertThat(train.classes()).isEqualTo(MnistDataset.CLASSES);
        assertThat(train.label(0)).isEqualTo(5);
        assertThat(Arrays.copyOf(train.labels(), 10)).containsExactly(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        // image 0, row 5: the first non-zero pixels of the "5" are 3 (col 12) and 126 (col 16)
        float[] image0 = train.image(0);
        assertThat(image0[5 * 28 + 11]).isZero();
        assertThat(image0[5 * 28 + 12]).isEqualTo(3 / 255f);
        assertThat(image0[5 * 28 + 16]).isEqualTo(126 / 255f);
        assertThat(image0[14 * 28 + 14]).isEqualTo(240 / 255f);
        // class counts listed in datasets/README.md
        assertThat(train.labelCounts()).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
    }

    @Test
    void readsTheTestSet() {
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.shape()).isEqualTo(ImageShape.mnist());
        assertThat(test.label(0)).isEqualTo(7);
        assertThat(Arrays.copyOf(test.labels(), 10)).containsExactly(7, 2, 1, 0, 4, 1, 4, 9, 5, 9);
        assertThat(test.image(0)[7 * 28 + 6]).isEqualTo(84 / 255f);
        float min = 1, max = 0;
        for (float p : test.pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void readsRawFilesTheSameAsGzip() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("raw"));
        for (String name : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            try (var in = new GZIPInputStream(Files.newInputStream(RepositoryFiles.mnist().resolve(name + ".gz")))) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        LabeledImages raw = MnistDataset.test(dir);
        assertThat(raw.labels()).isEqualTo(test.labels());
        assertThat(raw.pixels()).isEqualTo(test.pixels());
        assertThat(raw.fingerprint()).isEqualTo(test.fingerprint());
    }

    @Test
    @Tag("bad-input")
    void truncatedGzipNamesTheFileAndTheOffset() throws IOException {
        byte[] gz = Files.readAllBytes(RepositoryFiles.mnist().resolve("t10k-images-idx3-ubyte.gz"));
        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(Arrays.copyOf(gz, gz.length / 2)),
                "t10k-images-idx3-ubyte.gz"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("t10k-images-idx3-ubyte.gz: ")
                .hasMessageContaining("gzip stream ends early: truncated at decompressed byte")
                .hasMessageContaining("expected 7840016 bytes");
    }

    @Test
    @Tag("bad-input")
    void truncatedRawFileNamesTheByte() {
        byte[] raw = images(3, 2, 2);
        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(Arrays.copyOf(raw, raw.length - 5)),
                "imgs.idx"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("imgs.idx: truncated at byte 23 (expected 28 bytes)");
        assertThatThrownBy(() -> IdxReader.readLabels(new ByteArrayInputStream(new byte[]{0, 0, 8}), "l.idx"))
                .hasMessage("l.idx: truncated at byte 3 (expected 4 bytes)");
    }

    @Test
    @Tag("bad-input")
    void badMagicSaysWhatTheFileIs() {
        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(labels(1, 2, 3)), "x"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("x: bad magic number 2049 (a label file), expected 2051 (idx3-ubyte images)");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0};
        assertThatThrownBy(() -> IdxReader.readLabels(new ByteArrayInputStream(png), "y"))
                .hasMessageContaining("y: bad magic number").hasMessageContaining("expected 2049 (idx1-ubyte labels)");
    }

    @Test
    @Tag("bad-input")
    void countMismatchBetweenImagesAndLabels() {
        assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(images(3, 2, 2)), "imgs",
                new ByteArrayInputStream(labels(1, 2)), "lbls", MnistDataset.CLASSES))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("lbls: count mismatch: it has 2 labels but imgs has 3 images");
    }

    @Test
    @Tag("bad-input")
    void labelOutOfRange() {
        assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(images(2, 2, 2)), "imgs",
                new ByteArrayInputStream(labels(3, 12)), "lbls", MnistDataset.CLASSES))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("lbls: label 12 of item 1 is out of range");
    }

    @Test
    @Tag("bad-input")
    void extraBytesAfterTheData() {
        byte[] raw = images(1, 2, 2);
        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(Arrays.copyOf(raw, raw.length + 1)),
                "imgs"))
                .hasMessage("imgs: unexpected data after byte 20 (the header accounts for 20 bytes)");
    }

    @Test
    @Tag("bad-input")
    void corruptGzipData() throws IOException {
        byte[] gz = gzip(images(50, 8, 8));
        for (int i = 20; i < gz.length - 20; i++) {
            gz[i] ^= 0x5a;
        }
        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(gz), "bad.gz"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("bad.gz: ");
    }

    @Test
    @Tag("bad-input")
    void badHeaderIsRejectedBeforeAllocating() {
        ByteBuffer header = ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(100_000).putInt(1000)
                .putInt(1000);
        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(header.array()), "huge"))
                .hasMessageContaining("huge: bad header");
        ByteBuffer zero = ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(1).putInt(0).putInt(28);
        assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(zero.array()), "zero"))
                .hasMessageContaining("zero: bad header: count 1, rows 0, cols 28");
    }

    @Test
    @Tag("bad-input")
    void missingFileIsNamed() {
        assertThatThrownBy(() -> MnistDataset.train(tmp))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: file not found");
    }

    /** A raw idx3 file of {@code count} images whose pixel i has value i mod 256. */
    static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int label : labels) {
            b.put((byte) label);
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
