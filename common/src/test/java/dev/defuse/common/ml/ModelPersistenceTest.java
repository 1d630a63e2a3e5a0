package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.LatentCodes;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelLoader;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.ml.model.ParameterChecksums;
import dev.defuse.common.ml.model.ParameterCodec;
import dev.defuse.common.store.ObjectKeys;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models survive storage bit for bit, and a damaged or foreign parameter blob is refused with a clear error instead
 * of silently leaving random weights in the network.
 */
class ModelPersistenceTest {

    private static ModelArtifact classifier;
    private static ModelArtifact vae;
    private static LabeledImages images;

    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        classifier = TinyModels.classifier();
        vae = TinyModels.vae();
        images = TinyModels.images().slice(0, 64);
    }

    @Test
    void classifierRoundTripThroughAFolderGivesBitIdenticalLogits() {
        ModelRepository repository = ModelRepository.directory(dir);
        repository.save(classifier);
        assertThat(dir.resolve("tiny-classifier").resolve(ObjectKeys.MODEL_PARAMS)).exists();
        ModelArtifact loaded = repository.load("tiny-classifier");

        assertThat(loaded.manifest()).isEqualTo(classifier.manifest());
        assertThat(loaded.parameters()).isEqualTo(classifier.parameters());
        try (ClassifierRunner before = ClassifierRunner.open(classifier);
             ClassifierRunner after = ClassifierRunner.open(loaded)) {
            float[] expected = before.logits(images.pixels(), images.size());
            assertThat(after.logits(images.pixels(), images.size())).containsExactly(expected);
            assertThat(after.predict(images.pixels(), images.size()))
                    .containsExactly(before.predict(images.pixels(), images.size()));
        }
    }

    @Test
    void vaeRoundTripGivesBitIdenticalCodesAndImages() {
        ModelRepository repository = ModelRepository.directory(dir);
        repository.save(vae);
        ModelArtifact loaded = repository.load("tiny-vae");
        float[] latents = new float[8 * 10];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (float) random.nextGaussian();
        }
        try (VaeRunner before = VaeRunner.open(vae); VaeRunner after = VaeRunner.open(loaded)) {
            LatentCodes expected = before.encode(images.pixels(), images.size());
            LatentCodes actual = after.encode(images.pixels(), images.size());
            assertThat(actual.mean()).containsExactly(expected.mean());
            assertThat(actual.logVar()).containsExactly(expected.logVar());
            assertThat(after.decode(latents, 8)).containsExactly(before.decode(latents, 8));
        }
    }

    @Test
    void runnersBatchWithoutChangingResults() {
        try (ClassifierRunner whole = ClassifierRunner.open(classifier, 500);
             ClassifierRunner chunked = ClassifierRunner.open(classifier, 7)) {
            assertThat(chunked.predict(images.pixels(), images.size()))
                    .containsExactly(whole.predict(images.pixels(), images.size()));
        }
        try (VaeRunner vaeRunner = VaeRunner.open(vae)) {
            float[] reconstructions = vaeRunner.reconstruct(images.pixels(), images.size());
            assertThat(reconstructions).hasSize(images.size() * 28 * 28);
            for (float pixel : reconstructions) {
                assertThat(pixel).isBetween(0f, 1f);
            }
        }
    }

    @Test
    @Tag("bad-input")
    void aFlippedByteInTheStoredBlobIsReportedNotLoaded() throws Exception {
        ModelRepository repository = ModelRepository.directory(dir);
        repository.save(classifier);
        Path params = dir.resolve("tiny-classifier").resolve(ObjectKeys.MODEL_PARAMS);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(params, bytes);

        assertThatThrownBy(() -> repository.load("tiny-classifier"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("parameter blob of model tiny-classifier is not the one its manifest describes")
                .hasMessageContaining("damaged");
    }

    @Test
    @Tag("bad-input")
    void aTruncatedBlobIsReportedNotLoaded() throws Exception {
        ModelRepository repository = ModelRepository.directory(dir);
        repository.save(vae);
        Path params = dir.resolve("tiny-vae").resolve(ObjectKeys.MODEL_PARAMS);
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length - 1000));

        assertThatThrownBy(() -> repository.load("tiny-vae"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    @Tag("bad-input")
    void aTruncatedBlobWithMatchingChecksumsFailsInsideTheCodec() {
        byte[] truncated = Arrays.copyOf(classifier.parameters(), classifier.parameters().length / 3);
        ModelArtifact forged = forge(classifier.manifest(), truncated, classifier.manifest().parameters().valueDigest());
        assertThatThrownBy(() -> ClassifierRunner.open(forged))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot be read into")
                .hasMessageContaining("truncated, damaged or of a different architecture");
    }

    @Test
    @Tag("bad-input")
    void aBlobOfAnotherArchitectureIsRefused() {
        // same layer layout and parameter names, other sizes: DJL itself would load it with the wrong shapes
        ClassifierArchitecture narrow = new ClassifierArchitecture(new ImageInput(1, 28, 32), 10, 64, 128);
        byte[] narrowBlob = initialisedBlob(narrow);
        ModelArtifact forged = forge(classifier.manifest(), narrowBlob, classifier.manifest().parameters().valueDigest());
        assertThatThrownBy(() -> ClassifierRunner.open(forged))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the blob belongs to a different architecture");

        ModelArtifact vaeBlobAsClassifier = forge(classifier.manifest(), vae.parameters(),
                classifier.manifest().parameters().valueDigest());
        assertThatThrownBy(() -> ClassifierRunner.open(vaeBlobAsClassifier))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("different architecture");
    }

    @Test
    @Tag("bad-input")
    void parametersThatDifferFromTheManifestsDigestAreRefused() {
        // a consistent blob of the right architecture, but not the weights the manifest was written for
        byte[] other = initialisedBlob(ClassifierArchitecture.mnist());
        ModelArtifact forged = forge(classifier.manifest(), other, classifier.manifest().parameters().valueDigest());
        assertThatThrownBy(() -> ClassifierRunner.open(forged))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("do not match the manifest's digest");
    }

    /**
     * The trap this code avoids: DJL's {@code Model.load(InputStream)} accepts raw block bytes without complaint
     * and keeps the random initial weights. {@link ModelLoader} reproduces the trained outputs instead.
     */
    @Test
    void djlsModelLoadFromAStreamWouldKeepRandomWeightsButModelLoaderDoesNot() throws Exception {
        LabeledImages one = images.slice(0, 1);
        float[] trained;
        try (ClassifierRunner runner = ClassifierRunner.open(classifier)) {
            trained = runner.logits(one.pixels(), 1);
        }
        try (Model model = ModelLoader.newModel(classifier.manifest().architecture(), "trap");
             NDManager manager = model.getNDManager().newSubManager()) {
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32,
                    classifier.manifest().architecture().initShape());
            model.load(new ByteArrayInputStream(classifier.parameters()));
            float[] afterModelLoad = model.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(manager.create(one.pixels(), new ai.djl.ndarray.types.Shape(1, 1, 28, 28))), false)
                    .singletonOrThrow().toFloatArray();
            assertThat(afterModelLoad).as("DJL Model.load(InputStream) silently kept random weights")
                    .isNotEqualTo(trained);
        }
        try (Model model = ModelLoader.load(classifier); NDManager manager = model.getNDManager().newSubManager()) {
            float[] loaded = model.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(manager.create(one.pixels(), new ai.djl.ndarray.types.Shape(1, 1, 28, 28))), false)
                    .singletonOrThrow().toFloatArray();
            assertThat(loaded).containsExactly(trained);
        }
    }

    @Test
    @Tag("bad-input")
    void aModelCopiedUnderAnotherIdIsNotTakenForThatModel() throws Exception {
        ModelRepository repository = ModelRepository.directory(dir);
        repository.save(classifier);
        Path copy = Files.createDirectories(dir.resolve("other-model"));
        for (String file : new String[] {ObjectKeys.MODEL_PARAMS, ObjectKeys.MODEL_MANIFEST}) {
            Files.copy(dir.resolve("tiny-classifier").resolve(file), copy.resolve(file));
        }
        assertThatThrownBy(() -> repository.load("other-model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("describes model 'tiny-classifier', not 'other-model'");
    }

    @Test
    @Tag("bad-input")
    void aMissingModelIsNamed() {
        assertThatThrownBy(() -> ModelRepository.directory(dir).load("no-such-model"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("model 'no-such-model' not found");
    }

    @Test
    void anIdHoldingOtherParametersIsNotOverwritten() {
        ModelRepository repository = ModelRepository.directory(dir);
        repository.save(classifier);
        repository.save(classifier); // same parameters: idempotent
        ModelArtifact other = new ModelArtifact(vae.manifest().withModelId("tiny-classifier"), vae.parameters());
        assertThatThrownBy(() -> repository.save(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds a different model");
        assertThat(repository.list()).extracting(ModelManifest::modelId).containsExactly("tiny-classifier");
    }

    private static byte[] initialisedBlob(ClassifierArchitecture architecture) {
        try (Model model = ModelLoader.newModel(architecture, "other")) {
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, architecture.initShape());
            return ParameterCodec.save(model.getBlock());
        }
    }

    /** The manifest with checksums that match {@code blob} (so only the codec's own checks stand in the way). */
    private static ModelArtifact forge(ModelManifest manifest, byte[] blob, String valueDigest) {
        ParameterChecksums real = manifest.parameters();
        ParameterChecksums forged = new ParameterChecksums(dev.defuse.common.store.Sha256.hex(blob), blob.length,
                real.tensors(), real.scalars(), valueDigest);
        ModelManifest m = new ModelManifest(manifest.formatVersion(), manifest.modelId(), manifest.kind(),
                manifest.architecture(), manifest.preprocessing(), manifest.classes(), manifest.datasetFingerprint(),
                manifest.seed(), manifest.createdAt(), manifest.engine(), manifest.training(), manifest.metrics(),
                manifest.vaeQuality(), manifest.lineage(), forged);
        return new ModelArtifact(m, blob);
    }
}
