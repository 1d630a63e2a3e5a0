package dev.defuse.common.data;

import dev.defuse.common.events.ClassInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageFolderReaderTest {

    @TempDir
    Path root;

    @Test
    void readsGrayAndRgbImagesOfDifferentSizesResizedToTheTarget() throws IOException {
        writeGray(root.resolve("cat/b.png"), 8, 8, 100);
        writeGray(root.resolve("cat/a.png"), 3, 5, 200);
        writeRgb(root.resolve("dog/x.png"), 16, 12, 255, 0, 0);
        writeRgb(root.resolve("dog/nested/y.jpg"), 20, 20, 128, 128, 128);
        Files.writeString(root.resolve("dog/notes.txt"), "ignored");
        Files.createDirectories(root.resolve(".hidden"));
        Files.writeString(root.resolve(".hidden/z.png"), "ignored");

        LabeledImages gray = new ImageFolderReader(new ImageShape(1, 6, 6)).read(root);

        assertThat(gray.size()).isEqualTo(4);
        assertThat(gray.shape()).isEqualTo(new ImageShape(1, 6, 6));
        assertThat(gray.classes()).containsExactly(new ClassInfo(0, "cat"), new ClassInfo(1, "dog"));
        assertThat(gray.labels()).containsExactly(0, 0, 1, 1);
        // ordered by path inside a class: a.png, b.png; uniform images stay uniform through the resize
        assertUniform(gray.image(0), 200 / 255f, 1e-6f);
        assertUniform(gray.image(1), 100 / 255f, 1e-6f);
        // dog/nested/y.jpg sorts before dog/x.png: a mid-gray JPEG (lossy, but a flat colour survives)
        assertUniform(gray.image(2), 128 / 255f, 2 / 255f);
        // pure red to gray: BT.601 luma 0.299
        assertUniform(gray.image(3), 0.299f, 1e-5f);

        LabeledImages rgb = new ImageFolderReader(new ImageShape(3, 4, 5)).read(root);
        assertThat(rgb.shape()).isEqualTo(new ImageShape(3, 4, 5));
        float[] red = rgb.image(3);
        int plane = 4 * 5;
        assertThat(red[0]).isEqualTo(1f);
        assertThat(red[plane]).isZero();
        assertThat(red[2 * plane]).isZero();
        float[] grayAsRgb = rgb.image(0);
        assertThat(grayAsRgb[0]).isEqualTo(grayAsRgb[plane]).isEqualTo(grayAsRgb[2 * plane])
                .isCloseTo(200 / 255f, within(1e-6f));
    }

    @Test
    void keepsExactPixelValuesWhenNoResizeIsNeeded() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int[] values = {0, 1, 127, 128, 254, 255};
        for (int i = 0; i < values.length; i++) {
            raster.setSample(i % 3, i / 3, 0, values[i]);
        }
        Files.createDirectories(root.resolve("7"));
        ImageIO.write(image, "png", root.resolve("7/img.png").toFile());

        LabeledImages images = new ImageFolderReader(new ImageShape(1, 2, 3)).read(root);

        assertThat(images.classes()).containsExactly(new ClassInfo(7, "7"));
        float[] expected = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = values[i] / 255f;
        }
        assertThat(images.image(0)).containsExactly(expected);
    }

    @Test
    void downscalingAveragesAndUpscalingInterpolates() throws IOException {
        // left half black, right half white
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 4; x < 8; x++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }
        Files.createDirectories(root.resolve("a"));
        ImageIO.write(image, "png", root.resolve("a/edge.png").toFile());

        float[] small = new ImageFolderReader(new ImageShape(1, 2, 2)).read(root).image(0);
        assertThat(small[0]).isEqualTo(small[2]).isLessThan(0.2f);
        assertThat(small[1]).isEqualTo(small[3]).isGreaterThan(0.8f);
        assertThat(small[0] + small[1]).isCloseTo(1f, within(1e-6f));

        float[] large = new ImageFolderReader(new ImageShape(1, 16, 16)).read(root).image(0);
        for (int x = 1; x < 16; x++) {
            assertThat(large[x]).isGreaterThanOrEqualTo(large[x - 1]);
        }
        assertThat(large[0]).isZero();
        assertThat(large[15]).isEqualTo(1f);
    }

    @Test
    void numericFolderNamesAreTheirOwnIds() throws IOException {
        for (String folder : new String[]{"2", "10", "00003"}) {
            writeGray(root.resolve(folder + "/i.png"), 2, 2, 10);
        }
        LabeledImages images = new ImageFolderReader(new ImageShape(1, 2, 2)).read(root);
        assertThat(images.classes()).containsExactly(new ClassInfo(2, "2"), new ClassInfo(3, "00003"),
                new ClassInfo(10, "10"));
        assertThat(images.labels()).containsExactly(2, 3, 10);
    }

    @Test
    void classesFileGivesIdsAndDisplayNames() throws IOException {
        writeGray(root.resolve("00000/a.png"), 2, 2, 10);
        writeGray(root.resolve("00001/a.png"), 2, 2, 20);
        Files.writeString(root.resolve("classes.txt"), """
                # id folder display name
                14 00000 Stop
                1  00001 Speed limit (30km/h)
                2  00002 Speed limit (50km/h)
                """);
        LabeledImages images = new ImageFolderReader(new ImageShape(1, 2, 2)).read(root);
        assertThat(images.classes()).containsExactly(new ClassInfo(1, "Speed limit (30km/h)"),
                new ClassInfo(2, "Speed limit (50km/h)"), new ClassInfo(14, "Stop"));
        assertThat(images.labels()).containsExactly(1, 14);
    }

    @Test
    @Tag("bad-input")
    void explicitMappingWinsAndUnlistedFoldersAreErrors() throws IOException {
        writeGray(root.resolve("cats/a.png"), 2, 2, 10);
        writeGray(root.resolve("dogs/a.png"), 2, 2, 20);
        Map<String, ClassInfo> mapping = Map.of("cats", new ClassInfo(5, "cat"), "dogs", new ClassInfo(3, "dog"));
        LabeledImages images = new ImageFolderReader(new ImageShape(1, 2, 2), mapping).read(root);
        assertThat(images.labels()).containsExactly(3, 5);

        writeGray(root.resolve("birds/a.png"), 2, 2, 30);
        assertThatThrownBy(() -> new ImageFolderReader(new ImageShape(1, 2, 2), mapping).read(root))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("birds").hasMessageContaining("is not listed in the class mapping");
    }

    @Test
    @Tag("bad-input")
    void malformedClassesFile() {
        assertThatThrownBy(() -> ImageFolderReader.parseClassesFile("0 a\nthree b\n", "ds/classes.txt"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("ds/classes.txt: line 2 is not '<id> <folder> [name]': 'three b'");
        assertThatThrownBy(() -> ImageFolderReader.parseClassesFile("0 a\n0 b\n", "c.txt"))
                .hasMessage("c.txt: class id 0 is used twice");
        assertThatThrownBy(() -> ImageFolderReader.parseClassesFile("# nothing\n", "c.txt"))
                .hasMessage("c.txt: lists no classes");
    }

    @Test
    @Tag("bad-input")
    void unreadableImageNamesTheFile() throws IOException {
        writeGray(root.resolve("a/good.png"), 2, 2, 10);
        Files.write(root.resolve("a/broken.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        assertThatThrownBy(() -> new ImageFolderReader(new ImageShape(1, 2, 2)).read(root))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("a/broken.png: unreadable image");
    }

    @Test
    @Tag("bad-input")
    void emptyOrMissingRoot() {
        assertThatThrownBy(() -> new ImageFolderReader(new ImageShape(1, 2, 2)).read(root))
                .hasMessageContaining("no class folders with PNG or JPEG images");
        assertThatThrownBy(() -> new ImageFolderReader(new ImageShape(1, 2, 2)).read(root.resolve("nope")))
                .hasMessageContaining("nope: not a directory");
    }

    private static void assertUniform(float[] image, float value, float tolerance) {
        for (int i = 0; i < image.length; i++) {
            assertThat(image[i]).as("pixel %d", i).isCloseTo(value, within(tolerance));
        }
    }

    static void writeGray(Path file, int width, int height, int value) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        write(image, file);
    }

    static void writeRgb(Path file, int width, int height, int r, int g, int b) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        write(image, file);
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String format = file.toString().endsWith(".png") ? "png" : "jpg";
        assertThat(ImageIO.write(image, format, file.toFile())).as("writer for " + format).isTrue();
    }
}
