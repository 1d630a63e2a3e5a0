package dev.defuse.identify.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defuse.common.data.DatasetSplit;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.events.Topics;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.arch.ModelArchitecture;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.ObjectStoreConfig;
import dev.defuse.common.store.StoredObject;
import dev.defuse.identify.TestModels;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The bad-input suite of {@code POST /jobs} (issue 10, item 5): every request is refused with a 400
 * {@code application/problem+json} whose {@code detail} names the field and the reason, and nothing of it is stored:
 * no object under {@code jobs/{id}/}, no new job, no record on {@code identify-shards}. Damaged and mismatched models
 * and datasets are real objects in the S3 server, written next to the good ones.
 */
@QuarkusTest
@Tag("bad-input")
class BadJobRequestsTest extends StackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keeps this run's damaged models and datasets apart from earlier runs against a shared stack. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String PROBLEM = "application/problem+json";
    private static final int TINY_IMAGES = 20;

    private static final String CLASSIFIER_32PX = "bad-" + RUN + "-classifier-32px";
    private static final String CLASSIFIER_RGB = "bad-" + RUN + "-classifier-rgb";
    private static final String VAE_32PX = "bad-" + RUN + "-vae-32px";
    private static final String VAE_RGB = "bad-" + RUN + "-vae-rgb";
    private static final String VAE_LATENT_8 = "bad-" + RUN + "-vae-k8";
    private static final String CLASSIFIER_DAMAGED = "bad-" + RUN + "-classifier-damaged";
    private static final String CLASSIFIER_REPLACED = "bad-" + RUN + "-classifier-replaced";
    private static final String MANIFEST_NOT_JSON = "bad-" + RUN + "-manifest-not-json";
    private static final String MANIFEST_OF_ANOTHER = "bad-" + RUN + "-manifest-of-another";

    private static boolean badModelsStored;

    @BeforeEach
    void storeBadModels() {
        synchronized (BadJobRequestsTest.class) {
            if (badModelsStored) {
                return;
            }
            ModelRepository models = ModelRepository.objectStore(store);
            ModelArtifact classifier = TestModels.classifier();
            ModelArtifact vae = TestModels.vae();
            ClassifierArchitecture c = (ClassifierArchitecture) classifier.manifest().architecture();
            VaeArchitecture v = (VaeArchitecture) vae.manifest().architecture();
            // manifests that describe other images or another latent size, over the real parameters
            models.save(relabel(classifier, CLASSIFIER_32PX, new ClassifierArchitecture(new ImageInput(1, 32, 32),
                    c.numClasses(), c.convFilters(), c.hiddenUnits())));
            models.save(relabel(classifier, CLASSIFIER_RGB, new ClassifierArchitecture(new ImageInput(3, 28, 32),
                    c.numClasses(), c.convFilters(), c.hiddenUnits())));
            models.save(relabel(vae, VAE_32PX,
                    new VaeArchitecture(new ImageInput(1, 32, 32), v.latentSize(), v.convFilters(), v.hiddenUnits())));
            models.save(relabel(vae, VAE_RGB,
                    new VaeArchitecture(new ImageInput(3, 28, 32), v.latentSize(), v.convFilters(), v.hiddenUnits())));
            models.save(relabel(vae, VAE_LATENT_8,
                    new VaeArchitecture(v.input(), 8, v.convFilters(), v.hiddenUnits())));
            // bit rot: the server's copy of the parameters no longer has the checksum it was written with
            models.save(relabel(classifier, CLASSIFIER_DAMAGED, c));
            byte[] rotten = classifier.parameters().clone();
            rotten[rotten.length / 2] ^= 0x01;
            rawPut(ObjectKeys.modelParams(CLASSIFIER_DAMAGED), rotten,
                    store.stat(ObjectKeys.modelParams(CLASSIFIER_DAMAGED)).sha256());
            // parameters replaced behind the manifest's back (a valid object, but not the manifest's blob)
            models.save(relabel(classifier, CLASSIFIER_REPLACED, c));
            store.putBlob(ObjectKeys.modelParams(CLASSIFIER_REPLACED), vae.parameters());
            // a manifest that is not JSON, and one that describes another model
            store.putBlob(ObjectKeys.modelParams(MANIFEST_NOT_JSON), classifier.parameters());
            store.putBlob(ObjectKeys.modelManifest(MANIFEST_NOT_JSON), "{\"formatVersion\": 1, \"modelId\": "
                    .getBytes(StandardCharsets.UTF_8));
            store.putBlob(ObjectKeys.modelParams(MANIFEST_OF_ANOTHER), classifier.parameters());
            store.putJson(ObjectKeys.modelManifest(MANIFEST_OF_ANOTHER), classifier.manifest());
            badModelsStored = true;
        }
    }

    // ------------------------------------------------------------------ the body itself

    @Test
    void malformedJson() {
        refused("{\"jobId\": \"bad-json\", \"dataset\": ", null, "not valid JSON");
    }

    @Test
    void emptyBody() {
        refused("", null, "empty");
    }

    @Test
    void aJsonArrayInsteadOfAnObject() {
        refused("[{\"jobId\": \"bad-array\"}]", null, "must be a JSON object", "ARRAY");
    }

    @Test
    void wrongTypeForQ() {
        String id = jobId("q-text");
        refused(set(request(id), "identify.drawsPerImage", "many"), id, "identify.drawsPerImage", "\"many\"");
    }

    @Test
    void qBeyondTheIntegerRange() {
        String id = jobId("q-long");
        refused(set(request(id), "identify.drawsPerImage", 1_000_000_000_000L), id, "identify.drawsPerImage",
                "out of range");
    }

    @Test
    void qZero() {
        String id = jobId("q-zero");
        refused(set(request(id), "identify.drawsPerImage", 0), id, "identify.drawsPerImage must be > 0, got 0");
    }

    @Test
    void qNegative() {
        String id = jobId("q-negative");
        refused(set(request(id), "identify.drawsPerImage", -5), id, "identify.drawsPerImage must be > 0, got -5");
    }

    @Test
    void qAbsurdlyLarge() {
        String id = jobId("q-huge");
        refused(set(request(id), "identify.drawsPerImage", 1_000_000_000), id, "identify.drawsPerImage",
                "defuse.identify.max-samples-per-shard", "may be at most 500000");
    }

    @Test
    void qTimesShardSizeAboveTheShardLimit() {
        String id = jobId("q-shard");
        ObjectNode body = set(set(set(request(id), "identify.drawsPerImage", 50_000), "identify.shardSize", 25),
                "identify.selection.count", 100);
        refused(body, id, "1250000 draws per shard", "use identify.shardSize <= 10");
    }

    @Test
    void betaAZero() {
        String id = jobId("beta-a");
        refused(set(request(id), "identify.betaA", 0), id, "identify.betaA must be > 0");
    }

    @Test
    void betaBNegative() {
        String id = jobId("beta-b");
        refused(set(request(id), "identify.betaB", -1.5), id, "identify.betaB must be > 0, got -1.5");
    }

    @Test
    void betaInfinite() {
        String id = jobId("beta-inf");
        String body = set(request(id), "identify.betaA", "@INFINITY@").toString().replace("\"@INFINITY@\"", "1e400");
        refused(body, id, "identify.betaA must be a finite number");
    }

    @Test
    void negativeCap() {
        String id = jobId("cap");
        refused(set(request(id), "identify.maxMistakesPerImage", -1), id,
                "identify.maxMistakesPerImage must be > 0, got -1");
    }

    @Test
    void shardSizeZero() {
        String id = jobId("shard-zero");
        refused(set(request(id), "identify.shardSize", 0), id, "identify.shardSize must be > 0");
    }

    @Test
    void imageRangeOutsideTheDataset() {
        String id = jobId("range");
        ObjectNode body = set(set(request(id), "identify.selection.start", 9_990), "identify.selection.count", 20);
        refused(body, id, "identify.selection", "image range [9990, 10010) exceeds the dataset's 10000 images");
    }

    @Test
    void negativeRangeStart() {
        String id = jobId("range-negative");
        refused(set(request(id), "identify.selection.start", -1), id, "selection start must be >= 0, got -1");
    }

    @Test
    void sampleLargerThanTheDataset() {
        String id = jobId("sample");
        ObjectNode body = request(id);
        ((ObjectNode) body.at("/identify/selection")).removeAll().put("kind", "SAMPLE").put("count", 10_001);
        refused(body, id, "identify.selection", "cannot sample 10001 images from a dataset of 10000");
    }

    @Test
    void unknownSelectionKind() {
        String id = jobId("kind");
        refused(set(request(id), "identify.selection.kind", "SOME"), id, "identify.selection.kind", "SOME");
    }

    @Test
    void misspelledField() {
        String id = jobId("typo");
        ObjectNode body = request(id);
        ((ObjectNode) body.get("identify")).remove("drawsPerImage");
        ((ObjectNode) body.get("identify")).put("draws", 5);
        refused(body, id, "identify.draws: unknown field", "drawsPerImage");
    }

    @Test
    void invalidJobId() {
        refused(set(request("x"), "jobId", "no spaces allowed"), null, "jobId");
    }

    // ------------------------------------------------------------------ models

    @Test
    void unknownClassifier() {
        String id = jobId("no-classifier");
        refused(set(request(id), "classifierModel", "no-such-model"), id, "classifierModel",
                "model 'no-such-model' not found");
    }

    @Test
    void unknownVae() {
        String id = jobId("no-vae");
        refused(set(request(id), "vaeModel", "models/no-such-vae/params.bin"), id, "vaeModel",
                "model 'no-such-vae' not found");
    }

    @Test
    void aVaeGivenAsTheClassifier() {
        String id = jobId("kind-c");
        refused(set(request(id), "classifierModel", TestModels.VAE_ID), id,
                "classifierModel: model '" + TestModels.VAE_ID + "' is a vae, not a classifier");
    }

    @Test
    void aClassifierGivenAsTheVae() {
        String id = jobId("kind-v");
        refused(set(request(id), "vaeModel", TestModels.CLASSIFIER_ID), id,
                "vaeModel: model '" + TestModels.CLASSIFIER_ID + "' is a classifier, not a vae");
    }

    @Test
    void classesThatAreNotTheClassifiers() {
        String id = jobId("classes");
        ObjectNode body = request(id);
        body.putArray("classes").addObject().put("id", 0).put("name", "zero");
        refused(body, id, "classes [0] are not the class ids of classifier");
    }

    @Test
    void aClassifierForLargerImages() {
        String id = jobId("c-32px");
        refused(set(request(id), "classifierModel", CLASSIFIER_32PX), id,
                "classifierModel: model '" + CLASSIFIER_32PX + "' takes 1x32x32 images, the dataset has 1x28x28");
    }

    @Test
    void aClassifierForColourImages() {
        String id = jobId("c-rgb");
        refused(set(request(id), "classifierModel", CLASSIFIER_RGB), id,
                "classifierModel: model '" + CLASSIFIER_RGB + "' takes 3x28x28 images, the dataset has 1x28x28");
    }

    @Test
    void aDatasetDeclaredWithThreeChannels() {
        String id = jobId("ds-rgb");
        refused(set(request(id), "dataset.imageShape.channels", 3), id,
                "takes 1x28x28 images, the dataset has 3x28x28");
    }

    @Test
    void aVaeForColourImages() {
        String id = jobId("v-rgb");
        refused(set(request(id), "vaeModel", VAE_RGB), id,
                "vaeModel: model '" + VAE_RGB + "' takes 3x28x28 images, the dataset has 1x28x28");
    }

    @Test
    void aVaeWhoseManifestGivesAnotherLatentSizeThanItsParameters() {
        String id = jobId("v-k8");
        refused(set(request(id), "vaeModel", VAE_LATENT_8), id, "vaeModel: ", "model " + VAE_LATENT_8,
                "different architecture");
    }

    @Test
    void aClassifierWhoseStoredBytesNoLongerMatchTheirChecksum() {
        String id = jobId("c-rot");
        refused(set(request(id), "classifierModel", CLASSIFIER_DAMAGED), id,
                "classifierModel: the stored parameters of model '" + CLASSIFIER_DAMAGED + "' are damaged",
                "does not match its checksum");
    }

    @Test
    void aClassifierWhoseParametersWereReplaced() {
        String id = jobId("c-replaced");
        refused(set(request(id), "classifierModel", CLASSIFIER_REPLACED), id, "classifierModel: ",
                "is not the one its manifest describes");
    }

    @Test
    void aModelWhoseManifestIsNotJson() {
        String id = jobId("manifest-json");
        refused(set(request(id), "classifierModel", MANIFEST_NOT_JSON), id,
                "classifierModel: the manifest of model '" + MANIFEST_NOT_JSON + "' cannot be used",
                "is not valid JSON for ModelManifest");
    }

    @Test
    void aModelWhoseManifestDescribesAnotherModel() {
        String id = jobId("manifest-id");
        refused(set(request(id), "classifierModel", MANIFEST_OF_ANOTHER), id, "classifierModel: ",
                "describes model '" + TestModels.CLASSIFIER_ID + "', not '" + MANIFEST_OF_ANOTHER + "'");
    }

    // ------------------------------------------------------------------ datasets

    @Test
    void unknownDataset() {
        String id = jobId("no-dataset");
        refused(set(request(id), "dataset.prefix", "datasets/nothing-here-" + RUN + "/"), id,
                "dataset datasets/nothing-here-" + RUN + "/", "not found");
    }

    @Test
    void aDatasetFileWhoseBytesNoLongerMatchTheirChecksum() {
        String prefix = tinyIdx("rot", idxImages(TINY_IMAGES, 28), idxLabels(TINY_IMAGES));
        String key = prefix + MnistDataset.imagesFile(DatasetSplit.TRAIN);
        StoredObject good = store.stat(key);
        byte[] rotten = idxImages(TINY_IMAGES, 28);
        rotten[100] ^= 0x10;
        rawPut(key, rotten, good.sha256());
        String id = jobId("ds-rot");
        refused(onDataset(request(id), prefix), id, "dataset " + prefix + " cannot be used",
                "content of object '" + key + "' does not match its checksum");
    }

    @Test
    void truncatedIdxImages() {
        byte[] images = idxImages(TINY_IMAGES, 28);
        String prefix = tinyIdx("trunc-img", Arrays.copyOf(images, images.length - 100), idxLabels(TINY_IMAGES));
        String id = jobId("ds-trunc-img");
        refused(onDataset(request(id), prefix), id, "dataset " + prefix + " cannot be used",
                "train-images-idx3-ubyte: truncated at byte " + (images.length - 100));
    }

    @Test
    void truncatedIdxLabels() {
        byte[] labels = idxLabels(TINY_IMAGES);
        String prefix = tinyIdx("trunc-lbl", idxImages(TINY_IMAGES, 28), Arrays.copyOf(labels, labels.length - 3));
        String id = jobId("ds-trunc-lbl");
        refused(onDataset(request(id), prefix), id, "train-labels-idx1-ubyte: truncated at byte "
                + (labels.length - 3));
    }

    @Test
    void idxImagesWithTheWrongMagicNumber() {
        String prefix = tinyIdx("magic", idxLabels(TINY_IMAGES), idxLabels(TINY_IMAGES));
        String id = jobId("ds-magic");
        refused(onDataset(request(id), prefix), id, "train-images-idx3-ubyte: bad magic number 2049 (a label file)");
    }

    @Test
    void fewerLabelsThanImages() {
        String prefix = tinyIdx("count", idxImages(TINY_IMAGES, 28), idxLabels(TINY_IMAGES - 1));
        String id = jobId("ds-count");
        refused(onDataset(request(id), prefix), id,
                "count mismatch: it has 19 labels but", "has 20 images");
    }

    @Test
    void anIdxDatasetWithoutImages() {
        String prefix = tinyIdx("empty", idxImages(0, 28), idxLabels(0));
        String id = jobId("ds-empty");
        ObjectNode body = onDataset(request(id), prefix);
        ((ObjectNode) body.at("/identify/selection")).removeAll().put("kind", "ALL");
        refused(body, id, "the image selection is empty: there is nothing to identify");
    }

    @Test
    void aMissingLabelsFile() {
        String prefix = ObjectKeys.datasetPrefix("bad-" + RUN + "-no-labels");
        store.putBlob(prefix + MnistDataset.imagesFile(DatasetSplit.TRAIN), idxImages(TINY_IMAGES, 28));
        String id = jobId("ds-no-labels");
        refused(onDataset(request(id), prefix), id, "dataset " + prefix,
                MnistDataset.labelsFile(DatasetSplit.TRAIN) + ".gz", "not found");
    }

    @Test
    void idxImagesOfAnotherSizeThanDeclared() {
        // models that take 32 x 32 images, a dataset declared 32 x 32 whose files hold 28 x 28 images
        String id = jobId("ds-size");
        ObjectNode body = set(set(set(set(request(id), "classifierModel", CLASSIFIER_32PX), "vaeModel", VAE_32PX),
                "dataset.imageShape.height", 32), "dataset.imageShape.width", 32);
        refused(body, id, "images are 1x28x28 but the dataset ref says 1x32x32");
    }

    @Test
    void anImageFolderWithAnUnreadableImage() {
        String prefix = ObjectKeys.datasetPrefix("bad-" + RUN + "-folder");
        for (int digit = 0; digit < 10; digit++) {
            store.putBlob(prefix + "train/" + digit + "/a.png", png(28, 28));
        }
        store.putBlob(prefix + "train/3/broken.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        String id = jobId("ds-folder");
        ObjectNode body = onDataset(request(id), prefix);
        ((ObjectNode) body.get("dataset")).put("format", "IMAGE_FOLDER");
        refused(body, id, "dataset " + prefix + " cannot be used", "train/3/broken.png: unreadable image");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * POSTs {@code body} and checks the refusal: 400, a problem body whose detail contains every {@code reason}, and
     * nothing stored (no object under the job's prefix, no new job, no new record on identify-shards).
     */
    private ValidatableResponse refused(Object body, String jobId, String... reasons) {
        Set<String> jobsBefore = new HashSet<>(documents.jobIds());
        long shardRecordsBefore = shardRecords();
        ValidatableResponse response = given().contentType(ContentType.JSON).body(body.toString())
                .when().post("/jobs")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo("https://defuse.dev/problems/invalid-job"))
                .body("title", equalTo("Invalid job"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/jobs"));
        for (String reason : reasons) {
            response.body("detail", containsString(reason));
        }
        if (jobId != null) {
            assertThat(store.list(ObjectKeys.jobPrefix(jobId))).as("objects stored for job %s", jobId).isEmpty();
        }
        assertThat(new HashSet<>(documents.jobIds())).as("jobs").isEqualTo(jobsBefore);
        assertThat(shardRecords()).as("records on %s", Topics.IDENTIFY_SHARDS).isEqualTo(shardRecordsBefore);
        return response;
    }

    /** Records ever written to identify-shards (the sum of its partitions' end offsets). */
    private long shardRecords() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.IDENTIFY_SHARDS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static String jobId(String name) {
        return Fixtures.newJobId("bad-" + name);
    }

    /** A valid request (4 images, Q = 10) for the test models on MNIST, to be broken by one change. */
    private static ObjectNode request(String jobId) {
        try {
            return (ObjectNode) JSON.readTree(Fixtures.request(jobId, 0, 4, 10, 5, 4, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the field at a dotted path (creating objects on the way). */
    private static ObjectNode set(ObjectNode request, String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode node = request;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], JSON.valueToTree(value));
        return request;
    }

    private static ObjectNode onDataset(ObjectNode request, String prefix) {
        return set(request, "dataset.prefix", prefix);
    }

    private static ModelArtifact relabel(ModelArtifact model, String id, ModelArchitecture architecture) {
        ModelManifest m = model.manifest();
        return new ModelArtifact(new ModelManifest(m.formatVersion(), id, m.kind(), architecture,
                ModelManifest.Preprocessing.of(architecture), m.classes(), m.datasetFingerprint(), m.seed(),
                m.createdAt(), m.engine(), m.training(), m.metrics(), m.vaeQuality(), m.lineage(), m.parameters()),
                model.parameters());
    }

    /** A raw IDX dataset (training split only) under a new prefix. */
    private String tinyIdx(String name, byte[] images, byte[] labels) {
        String prefix = ObjectKeys.datasetPrefix("bad-" + RUN + "-" + name);
        store.putBlob(prefix + MnistDataset.imagesFile(DatasetSplit.TRAIN), images);
        store.putBlob(prefix + MnistDataset.labelsFile(DatasetSplit.TRAIN), labels);
        return prefix;
    }

    private static byte[] idxImages(int count, int side) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * side * side);
        b.putInt(0x00000803).putInt(count).putInt(side).putInt(side);
        for (int i = 0; i < count * side * side; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    private static byte[] idxLabels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x00000801).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    private static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes bytes under a key with a checksum of our choosing, as a disk or a tampering hand would. */
    private void rawPut(String key, byte[] bytes, String sha256) {
        ObjectStoreConfig config = store.config();
        try (MinioClient raw = MinioClient.builder().endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey()).region(config.region()).build()) {
            raw.putObject(PutObjectArgs.builder().bucket(store.bucket()).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                    .userMetadata(Map.of(ObjectStore.SHA256_METADATA, sha256)).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + key + " directly: " + e, e);
        }
    }
}
