package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.ObjectStoreConfig;
import dev.defuse.testsupport.LocalStackEndpoints;
import dev.defuse.testsupport.LocalStackExtension;
import dev.defuse.testsupport.SharedLocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Models stored in the real S3 server of the local stack (S3Proxy) come back bit-identical, or not at all. */
@ExtendWith(LocalStackExtension.class)
class ObjectStoreModelRepositoryTest {

    private static final String BUCKET = "ml-model-repository-test";

    private static ObjectStore store;
    private static ModelRepository repository;
    private static LabeledImages images;

    @BeforeAll
    static void connect(LocalStackEndpoints endpoints) {
        store = new ObjectStore(new ObjectStoreConfig(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), BUCKET, endpoints.s3Region()));
        store.ensureBucket();
        repository = ModelRepository.objectStore(store);
        images = TinyModels.images().slice(0, 50);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void classifierAndVaeComeBackBitIdentical() {
        ModelArtifact classifier = TinyModels.classifier();
        ModelArtifact vae = TinyModels.vae();
        repository.save(classifier);
        repository.save(vae);

        assertThat(store.exists(ObjectKeys.modelParams("tiny-classifier"))).isTrue();
        assertThat(store.exists(ObjectKeys.modelManifest("tiny-classifier"))).isTrue();
        assertThat(repository.list()).extracting(ModelManifest::modelId).contains("tiny-classifier", "tiny-vae");

        ModelArtifact loadedClassifier = repository.load("tiny-classifier");
        ModelArtifact loadedVae = repository.load("tiny-vae");
        assertThat(loadedClassifier.manifest()).isEqualTo(classifier.manifest());
        try (ClassifierRunner before = ClassifierRunner.open(classifier);
             ClassifierRunner after = ClassifierRunner.open(loadedClassifier)) {
            assertThat(after.logits(images.pixels(), images.size()))
                    .containsExactly(before.logits(images.pixels(), images.size()));
        }
        try (VaeRunner before = VaeRunner.open(vae); VaeRunner after = VaeRunner.open(loadedVae)) {
            assertThat(after.reconstruct(images.pixels(), images.size()))
                    .containsExactly(before.reconstruct(images.pixels(), images.size()));
        }
    }

    @Test
    @Tag("bad-input")
    void bitRotInTheServersCopyIsCaughtByTheChecksum() throws Exception {
        ModelArtifact model = copy(TinyModels.classifier(), "rotting-classifier");
        repository.save(model);
        Path file = storedFile(ObjectKeys.modelParams("rotting-classifier"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> repository.load("rotting-classifier"))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(ObjectKeys.modelParams("rotting-classifier"));
    }

    @Test
    @Tag("bad-input")
    void aBlobReplacedBehindTheManifestsBackIsRefused() {
        ModelArtifact model = copy(TinyModels.classifier(), "replaced-classifier");
        repository.save(model);
        // a valid object (correct store checksum) that is not the model the manifest describes
        store.putBlob(ObjectKeys.modelParams("replaced-classifier"), TinyModels.vae().parameters());

        assertThatThrownBy(() -> repository.load("replaced-classifier"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("is not the one its manifest describes");
    }

    private static ModelArtifact copy(ModelArtifact model, String id) {
        return new ModelArtifact(model.manifest().withModelId(id), model.parameters());
    }

    /** The file S3Proxy's filesystem store keeps an object in: {@code <base dir>/<bucket>/<key>}. */
    private static Path storedFile(String key) throws Exception {
        Path bucketDir = SharedLocalStack.status().s3().baseDir().resolve(BUCKET);
        Path file = bucketDir.resolve(key);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try (Stream<Path> files = Files.walk(bucketDir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            throw new AssertionError("object " + key + " not found as a file under " + bucketDir + ": " + all);
        }
    }
}
