package dev.defuse.common.data;

import dev.defuse.common.job.JobSpec;
import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.JsonFormatException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.ObjectStoreConfig;
import dev.defuse.common.store.StoredObject;
import dev.defuse.common.store.TensorCodec;
import dev.defuse.common.store.TensorFormatException;
import dev.defuse.testsupport.LocalStackEndpoints;
import dev.defuse.testsupport.LocalStackExtension;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Bad data in the object store (issue 10, item 5), as the stages read it: datasets whose objects rotted or do not
 * hold what their reference says, image folders with files that are no images or have other channels, objects that
 * are not the tensor or JSON document asked for. Each read fails with an exception that names the object and the
 * problem (or, for other channels, converts by the documented rule), and returns nothing partial. The reader-level
 * cases (truncated and mis-headed IDX files, unreadable images) are in {@link IdxReaderTest},
 * {@link ImageFolderReaderTest} and the store's own tests.
 */
@ExtendWith(LocalStackExtension.class)
@Tag("bad-input")
class BadDataInputTest {

    private static final ImageShape MNIST = ImageShape.mnist();

    private static ObjectStore store;
    private static MinioClient raw;
    private static String prefix;

    @BeforeAll
    static void open(LocalStackEndpoints stack) {
        ObjectStoreConfig config = new ObjectStoreConfig(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                stack.s3Bucket(), stack.s3Region());
        store = new ObjectStore(config);
        store.ensureBucket();
        raw = MinioClient.builder().endpoint(config.endpoint()).credentials(config.accessKey(), config.secretKey())
                .region(config.region()).build();
        prefix = "datasets/bad-input-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @AfterAll
    static void close() throws Exception {
        if (store != null) {
            store.deleteAll(prefix);
            store.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    @Test
    void anIdxObjectWhoseBytesNoLongerMatchTheirChecksum() throws Exception {
        String dataset = prefix + "rot/";
        byte[] images = IdxReaderTest.images(5, 28, 28);
        store.putBlob(dataset + MnistDataset.labelsFile(DatasetSplit.TRAIN), IdxReaderTest.labels(1, 2, 3, 4, 5));
        StoredObject stored = store.putBlob(dataset + MnistDataset.imagesFile(DatasetSplit.TRAIN), images);
        byte[] rotten = images.clone();
        rotten[500] ^= 0x20;
        rawPut(stored.key(), rotten, stored.sha256());

        assertThatThrownBy(() -> new DatasetStore(store).load(DatasetRef.mnist(dataset), DatasetSplit.TRAIN))
                .isInstanceOfSatisfying(ChecksumMismatchException.class,
                        e -> assertThat(e.key()).isEqualTo(stored.key()))
                .hasMessageContaining("content of object '" + stored.key() + "' does not match its checksum");
    }

    @Test
    void idxImagesOfAnotherSizeThanTheReferenceSays() {
        String dataset = prefix + "size/";
        store.putBlob(dataset + MnistDataset.imagesFile(DatasetSplit.TRAIN), IdxReaderTest.images(3, 28, 28));
        store.putBlob(dataset + MnistDataset.labelsFile(DatasetSplit.TRAIN), IdxReaderTest.labels(1, 2, 3));
        DatasetRef declared32 = new DatasetRef(dataset, DatasetFormat.IDX, new ImageShape(1, 32, 32));

        assertThatThrownBy(() -> new DatasetStore(store).load(declared32, DatasetSplit.TRAIN))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dataset + ": images are 1x28x28 but the dataset ref says 1x32x32");
        DatasetRef declaredRgb = new DatasetRef(dataset, DatasetFormat.IDX, new ImageShape(3, 28, 28));
        assertThatThrownBy(() -> new DatasetStore(store).load(declaredRgb, DatasetSplit.TRAIN))
                .hasMessage(dataset + ": images are 1x28x28 but the dataset ref says 3x28x28");
    }

    @Test
    void anImageFolderObjectWhoseBytesNoLongerMatchTheirChecksum() throws Exception {
        String dataset = prefix + "folder-rot/";
        store.putBlob(dataset + "train/0/a.png", gray(28, 28, 10));
        byte[] png = gray(28, 28, 200);
        StoredObject stored = store.putBlob(dataset + "train/1/b.png", png);
        byte[] rotten = png.clone();
        rotten[rotten.length - 20] ^= 0x01;
        rawPut(stored.key(), rotten, stored.sha256());
        DatasetRef ref = new DatasetRef(dataset, DatasetFormat.IMAGE_FOLDER, MNIST);

        assertThatThrownBy(() -> new DatasetStore(store).load(ref, DatasetSplit.TRAIN))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(stored.key());
    }

    @Test
    void anImageFolderFileThatIsNoImage() {
        String dataset = prefix + "folder-text/";
        store.putBlob(dataset + "train/0/a.png", gray(28, 28, 10));
        store.putBlob(dataset + "train/1/readme.png", "<html>not an image</html>".getBytes(StandardCharsets.UTF_8));
        DatasetRef ref = new DatasetRef(dataset, DatasetFormat.IMAGE_FOLDER, MNIST);

        assertThatThrownBy(() -> new DatasetStore(store).load(ref, DatasetSplit.TRAIN))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dataset + "train/1/readme.png: unreadable image: not a PNG or JPEG file");
    }

    @Test
    void colourImagesInAGrayDatasetAreReadAsTheirLuma() throws IOException {
        // transparent red: alpha is ignored, so this is BT.601 luma 0.299, not 0
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        fill(argb, 0x00ff0000);
        assertUniform(ImageFolderReader.decode(png(argb), "argb.png", new ImageShape(1, 4, 4)), 16, 0.299f, 1e-6f);
        // a palette image goes through its colours: gray 128 stays 128/255
        byte[] gray128 = {(byte) 128, 0};
        BufferedImage indexed = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(1, 2, gray128, gray128, gray128)); // every pixel index 0
        assertUniform(ImageFolderReader.decode(png(indexed), "indexed.png", new ImageShape(1, 4, 4)), 16, 128 / 255f,
                1e-5f);
    }

    @Test
    void grayImagesInAColourDatasetAreRepeatedOverTheChannels() throws IOException {
        // gray + alpha (two bands): the gray band only, the same in R, G and B
        ComponentColorModel grayAlpha = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true,
                false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = grayAlpha.createCompatibleWritableRaster(3, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                raster.setSample(x, y, 0, 51);
                raster.setSample(x, y, 1, 0);
            }
        }
        float[] rgb = ImageFolderReader.decode(png(new BufferedImage(grayAlpha, raster, false, null)), "ga.png",
                new ImageShape(3, 3, 3));
        assertUniform(rgb, 27, 51 / 255f, 0f);
        // 16-bit gray keeps its precision
        BufferedImage deep = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                deep.getRaster().setSample(x, y, 0, 1000);
            }
        }
        assertUniform(ImageFolderReader.decode(png(deep), "deep.png", new ImageShape(3, 2, 2)), 12, 1000 / 65535f,
                0f);
    }

    @Test
    void anObjectThatIsNotATensor() {
        assertStoredBytesAreNotATensor("not-a-tensor.dft", "DFT2 but not really".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStoredTensorCutShortWithAMatchingChecksum() throws IOException {
        byte[] encoded;
        try (InputStream in = TensorCodec.encode(new FloatTensor(new int[]{10, 10}, new float[100]))) {
            encoded = in.readAllBytes();
        }
        // re-stored truncated through the API: its checksum is right, its content is not a whole tensor
        assertStoredBytesAreNotATensor("short.dft", Arrays.copyOf(encoded, encoded.length - 12));
    }

    @Test
    void aJobSpecThatIsNotJson() {
        String key = "jobs/bad-input-" + UUID.randomUUID().toString().substring(0, 8) + "/spec.json";
        store.putBlob(key, "{\"jobId\": \"x\", ".getBytes(StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> store.getJson(key, JobSpec.class)).isInstanceOf(JsonFormatException.class)
                    .hasMessageContaining("object '" + key + "' is not valid JSON for JobSpec");
        } finally {
            store.delete(key);
        }
    }

    /** Stores {@code bytes} (with their own checksum) and reads them as a tensor. */
    private static void assertStoredBytesAreNotATensor(String name, byte[] bytes) {
        String key = "tensors/bad-input-" + UUID.randomUUID().toString().substring(0, 8) + "/" + name;
        store.putBlob(key, bytes);
        try {
            assertThatThrownBy(() -> store.getTensor(key)).isInstanceOf(TensorFormatException.class)
                    .hasMessageContaining("object '" + key + "' is not a valid DFT1 tensor");
        } finally {
            store.delete(key);
        }
    }

    private static void assertUniform(float[] pixels, int size, float value, float tolerance) {
        assertThat(pixels).hasSize(size);
        for (int i = 0; i < pixels.length; i++) {
            assertThat(pixels[i]).as("value %d", i).isCloseTo(value, within(tolerance));
        }
    }

    private static void fill(BufferedImage image, int argb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, argb);
            }
        }
    }

    private static byte[] gray(int width, int height, int value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        fill(image, 0xff000000 | value << 16 | value << 8 | value);
        try {
            return png(image);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", out)).as("PNG writer for image type %d", image.getType()).isTrue();
        return out.toByteArray();
    }

    private static void rawPut(String key, byte[] bytes, String sha256) throws Exception {
        raw.putObject(PutObjectArgs.builder().bucket(store.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .userMetadata(Map.of(ObjectStore.SHA256_METADATA, sha256)).build());
    }
}
