package dev.defuse.common.data;

import dev.defuse.common.config.ObjectStoreProducer;
import dev.defuse.common.config.ObjectStoreSettings;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.StoredObject;
import dev.defuse.testsupport.LocalStackEndpoints;
import dev.defuse.testsupport.LocalStackExtension;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Datasets uploaded to and read back from the real S3 server, through a store opened from config settings. */
@ExtendWith(LocalStackExtension.class)
class DatasetStoreIntegrationTest {

    private static ObjectStore store;
    private static String prefix;

    @BeforeAll
    static void open(LocalStackEndpoints stack) {
        // a fresh bucket: the producer's open() must create it
        String bucket = "datasets-it-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectStoreSettings settings = new SmallRyeConfigBuilder()
                .withMapping(ObjectStoreSettings.class)
                .withSources(new PropertiesConfigSource(Map.of(
                        "defuse.object-store.endpoint", stack.s3Endpoint(),
                        "defuse.object-store.access-key", stack.s3AccessKey(),
                        "defuse.object-store.secret-key", stack.s3SecretKey(),
                        "defuse.object-store.bucket", bucket,
                        "defuse.object-store.region", stack.s3Region()), "test", 100))
                .build()
                .getConfigMapping(ObjectStoreSettings.class);
        store = ObjectStoreProducer.open(settings);
        assertThat(store.bucket()).isEqualTo(bucket);
        prefix = "datasets/it-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.deleteAll(prefix);
            store.close();
        }
    }

    @Test
    void mnistUploadedAndReadBackIsIdenticalToTheLocalFiles() {
        DatasetStore datasets = new DatasetStore(store);
        String mnist = prefix + "mnist/";
        List<StoredObject> uploaded = datasets.upload(RepositoryFiles.mnist(), mnist);
        assertThat(uploaded).extracting(StoredObject::key).containsExactly(
                mnist + "t10k-images-idx3-ubyte.gz", mnist + "t10k-labels-idx1-ubyte.gz",
                mnist + "train-images-idx3-ubyte.gz", mnist + "train-labels-idx1-ubyte.gz");

        LabeledImages fromStore = datasets.load(DatasetRef.mnist(mnist), DatasetSplit.TEST);
        LabeledImages local = MnistDataset.test(RepositoryFiles.mnist());
        assertThat(fromStore.size()).isEqualTo(10_000);
        assertThat(fromStore.label(0)).isEqualTo(7);
        assertThat(fromStore.fingerprint()).isEqualTo(local.fingerprint());

        List<ClassInfo> letters = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> new ClassInfo(i, String.valueOf((char) ('a' + i)))).toList();
        assertThat(datasets.load(DatasetRef.mnist(mnist), DatasetSplit.TEST, letters).classes()).isEqualTo(letters);
        assertThatThrownBy(() -> datasets.load(DatasetRef.mnist(mnist), DatasetSplit.TEST, letters.subList(0, 5)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(mnist + "t10k-labels-idx1-ubyte.gz: label 7 of item 0 is out of range");
    }

    @Test
    void imageFolderDatasetFromTheStore(@TempDir Path dir) throws Exception {
        ImageFolderReaderTest.writeGray(dir.resolve("train/0/a.png"), 10, 10, 30);
        ImageFolderReaderTest.writeRgb(dir.resolve("train/1/b.png"), 12, 8, 0, 255, 0);
        ImageFolderReaderTest.writeGray(dir.resolve("test/1/c.png"), 4, 4, 200);
        Files.writeString(dir.resolve("classes.txt"), "0 0 zero\n1 1 one\n");
        String folder = prefix + "folder/";
        new DatasetStore(store).upload(dir, folder);

        DatasetRef ref = new DatasetRef(folder, DatasetFormat.IMAGE_FOLDER, new ImageShape(1, 6, 6));
        LabeledImages train = new DatasetStore(store).load(ref, DatasetSplit.TRAIN);
        LabeledImages test = new DatasetStore(store).load(ref, DatasetSplit.TEST);

        assertThat(train.labels()).containsExactly(0, 1);
        assertThat(train.classes()).isEqualTo(test.classes()).extracting(c -> c.name()).containsExactly("zero", "one");
        assertThat(train.image(1)[0]).isEqualTo(0.587f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(test.labels()).containsExactly(1);
        assertThatThrownBy(() -> new DatasetStore(store).load(ref, DatasetSplit.TEST, List.of(new ClassInfo(0, "zero"))))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("are not the expected classes");
        assertThat(test.image(0)[35]).isEqualTo(200 / 255f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(train.fingerprint()).isEqualTo(new ImageFolderReader(new ImageShape(1, 6, 6),
                ImageFolderReader.parseClassesFile("0 0 zero\n1 1 one\n", "x")).read(dir.resolve("train"))
                .fingerprint());
    }
}
