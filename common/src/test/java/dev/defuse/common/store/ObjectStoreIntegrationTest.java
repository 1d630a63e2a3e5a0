package dev.defuse.common.store;

import dev.defuse.common.events.TensorRef;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.testsupport.LocalStackEndpoints;
import dev.defuse.testsupport.LocalStackExtension;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Round trips and failure cases against the real S3 server (S3Proxy) of the local stack. */
@ExtendWith(LocalStackExtension.class)
class ObjectStoreIntegrationTest {

    private static ObjectStore store;
    private static MinioClient raw;
    private static String prefix;

    @BeforeAll
    static void connect(LocalStackEndpoints stack) {
        ObjectStoreConfig config = new ObjectStoreConfig(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                stack.s3Bucket(), stack.s3Region());
        store = new ObjectStore(config);
        store.ensureBucket();
        store.ensureBucket(); // idempotent
        raw = MinioClient.builder().endpoint(config.endpoint()).credentials(config.accessKey(), config.secretKey())
                .region(config.region()).build();
        prefix = ObjectKeys.jobTensors("store-it-" + UUID.randomUUID().toString().substring(0, 8));
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
    void tensorRoundTrip() {
        FloatTensor tensor = new FloatTensor(new int[]{2, 1, 2, 3},
                new float[]{0f, 1f, -1f, 0.5f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-30f, 2, 3, 4, 5, Float.NaN});
        StoredObject stored = store.putTensor(prefix + "small.dft", tensor);

        assertThat(stored.size()).isEqualTo(12 + 16 + 48);
        assertThat(stored.sha256()).isEqualTo(TensorCodec.sha256(tensor));
        assertThat(store.stat(stored.key())).isEqualTo(stored);
        assertThat(store.getTensor(stored.key())).isEqualTo(tensor);
        assertThat(store.getTensor(stored.ref())).isEqualTo(tensor);
    }

    @Test
    void largeTensorStreamsThroughMultipartUpload() {
        Random random = new Random(3);
        int rows = 7000;
        float[] data = new float[rows * 784]; // 22 MB encoded: above the 16 MiB part size
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        FloatTensor tensor = new FloatTensor(new int[]{rows, 1, 28, 28}, data);
        StoredObject stored = store.putTensor(prefix + "large.dft", tensor);
        assertThat(stored.size()).isGreaterThan(ObjectStore.PART_SIZE);
        FloatTensor back = store.getTensor(stored.key());
        assertThat(back.shape()).containsExactly(rows, 1, 28, 28);
        assertThat(Arrays.equals(back.data(), data)).isTrue();
    }

    @Test
    void blobRoundTrips(@TempDir Path tmp) throws Exception {
        byte[] params = new byte[300_000];
        new Random(1).nextBytes(params);
        StoredObject fromBytes = store.putBlob(prefix + "model/params.bin", params);
        assertThat(fromBytes.sha256()).isEqualTo(Sha256.hex(params));
        assertThat(store.getBlob(fromBytes.key())).isEqualTo(params);

        StoredObject fromStream = store.putBlob(prefix + "model/params-2.bin", new ByteArrayInputStream(params),
                params.length);
        assertThat(fromStream.sha256()).isEqualTo(fromBytes.sha256());
        try (InputStream in = store.openBlob(fromStream.key())) {
            assertThat(in.readAllBytes()).isEqualTo(params);
        }

        Path file = Files.write(tmp.resolve("p.bin"), params);
        StoredObject fromFile = store.putFile(prefix + "model/params-3.bin", file);
        assertThat(store.stat(fromFile.key()).sha256()).isEqualTo(fromBytes.sha256());

        StoredObject empty = store.putBlob(prefix + "empty.bin", new byte[0]);
        assertThat(store.getBlob(empty.key())).isEmpty();

        assertThatThrownBy(() -> store.putBlob(prefix + "short.bin", new ByteArrayInputStream(params), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 300000 bytes, but size 10 was declared");
        assertThat(store.exists(prefix + "short.bin")).isFalse();
    }

    @Test
    void jsonRoundTrip() {
        JobSpec spec = JobSpec.withDefaults("json-it", DatasetRef.mnist("datasets/mnist/"), "models/c/params.bin",
                "models/v/params.bin", MnistDataset.CLASSES);
        String key = prefix + "spec.json";
        store.putJson(key, spec);
        assertThat(store.getJson(key, JobSpec.class)).isEqualTo(spec);
        assertThat(new String(store.getBlob(key), StandardCharsets.UTF_8)).contains("\"jobId\":\"json-it\"");
        assertThatThrownBy(() -> store.getJson(key, FloatTensor.class))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("object '" + key + "' is not valid JSON for FloatTensor");
    }

    @Test
    @Tag("bad-input")
    void overwrittenBytesWithTheOldChecksumFailEveryRead() throws Exception {
        FloatTensor tensor = new FloatTensor(new int[]{4, 4}, new float[16]);
        StoredObject stored = store.putTensor(prefix + "tampered.dft", tensor);
        byte[] bytes = TensorCodec.encode(tensor).readAllBytes();
        bytes[bytes.length - 1] = 0x3f; // same size, one value changed
        rawPut(stored.key(), bytes, Map.of(ObjectStore.SHA256_METADATA, stored.sha256()));

        assertThatThrownBy(() -> store.getTensor(stored.key()))
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> {
                    assertThat(e.key()).isEqualTo(stored.key());
                    assertThat(e.expected()).isEqualTo(stored.sha256());
                    assertThat(e.actual()).isEqualTo(Sha256.hex(bytes));
                })
                .hasMessageContaining(stored.key());
        assertThatThrownBy(() -> store.getBlob(stored.key())).isInstanceOf(ChecksumMismatchException.class);
        assertThatThrownBy(() -> {
            try (InputStream in = store.openBlob(stored.key())) {
                in.readAllBytes();
            }
        }).isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    @Tag("bad-input")
    void aTruncatedObjectIsReportedAsAChecksumMismatchNotAFormatError() throws Exception {
        FloatTensor tensor = new FloatTensor(new int[]{100}, new float[100]);
        StoredObject stored = store.putTensor(prefix + "truncated.dft", tensor);
        byte[] bytes = TensorCodec.encode(tensor).readAllBytes();
        rawPut(stored.key(), Arrays.copyOf(bytes, 50), Map.of(ObjectStore.SHA256_METADATA, stored.sha256()));
        assertThatThrownBy(() -> store.getTensor(stored.key())).isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    @Tag("bad-input")
    void aReferenceToAReplacedObjectFails() {
        StoredObject first = store.putTensor(prefix + "replaced.dft", new FloatTensor(new int[]{1}, new float[]{1}));
        store.putTensor(prefix + "replaced.dft", new FloatTensor(new int[]{1}, new float[]{2}));
        TensorRef stale = first.ref();
        assertThatThrownBy(() -> store.getTensor(stale))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("is not the version referenced")
                .hasMessageContaining(first.sha256());
    }

    @Test
    @Tag("bad-input")
    void missingObjectsAreNamed() {
        String key = prefix + "does-not-exist.dft";
        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> store.getTensor(key)).isInstanceOfSatisfying(ObjectNotFoundException.class,
                e -> assertThat(e.key()).isEqualTo(key)).hasMessageContaining("object '" + key + "' not found");
        assertThatThrownBy(() -> store.getBlob(key)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.openBlob(key)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.stat(key)).isInstanceOf(ObjectNotFoundException.class);
        store.delete(key); // deleting what is not there is fine
    }

    @Test
    @Tag("bad-input")
    void objectsWithoutChecksumMetadataAreRefused() throws Exception {
        String key = prefix + "foreign.bin";
        rawPut(key, new byte[]{1, 2, 3}, Map.of());
        assertThatThrownBy(() -> store.getBlob(key)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("object '" + key + "' has no sha256 metadata");
    }

    @Test
    void listAndDelete() {
        String dir = prefix + "list/";
        for (String name : List.of("b.dft", "a.dft", "sub/c.dft")) {
            store.putBlob(dir + name, name.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(store.list(dir)).containsExactly(dir + "a.dft", dir + "b.dft", dir + "sub/c.dft");
        store.delete(dir + "b.dft");
        assertThat(store.list(dir)).containsExactly(dir + "a.dft", dir + "sub/c.dft");
        assertThat(store.deleteAll(dir)).isEqualTo(2);
        assertThat(store.list(dir)).isEmpty();
    }

    @Test
    @Tag("bad-input")
    void invalidKeysAreRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> store.putBlob("../escape", new byte[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> store.getBlob("/abs")).hasMessageContaining("must not start with '/'");
    }

    @Test
    void aMissingBucketOrUnreachableServerIsAClearError(LocalStackEndpoints stack) {
        ObjectStoreConfig config = store.config().withBucket("no-such-bucket-" + UUID.randomUUID().toString()
                .substring(0, 8));
        try (ObjectStore other = new ObjectStore(config)) {
            assertThatThrownBy(() -> other.getBlob("x")).isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("bucket '" + config.bucket() + "' does not exist");
        }
        try (ObjectStore down = new ObjectStore(new ObjectStoreConfig("http://127.0.0.1:1", "a", "b"))) {
            assertThatThrownBy(() -> down.getBlob("x")).isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("at http://127.0.0.1:1");
        }
    }

    private static void rawPut(String key, byte[] bytes, Map<String, String> metadata) throws Exception {
        raw.putObject(PutObjectArgs.builder().bucket(store.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).userMetadata(metadata).build());
    }
}
