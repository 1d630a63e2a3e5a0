package dev.defuse.identify.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.job.IdentifyParams;
import dev.defuse.common.job.ImageSelection;
import dev.defuse.identify.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Algorithm 1 on real (briefly trained) MNIST models. */
class PerturbationEngineTest {

    private static final int Q = 60;
    private static IdentifyModels models;
    private static LabeledImages images;
    private static ImageBatch batch;

    @BeforeAll
    static void load() {
        models = IdentifyModels.load(TestModels.vae(), TestModels.classifier());
        images = TestModels.mnistTrain();
        batch = ImageBatch.of(images, IntStream.range(1000, 1012).toArray());
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static IdentifyParams params(int q, int cap, boolean skip) {
        return new IdentifyParams(q, 50, 50, cap, ImageSelection.all(), skip, 25, 3);
    }

    @Test
    void keepsDrawsTheClassifierGetsWrongWithTheirCodesAndImages() {
        PerturbationResult result = new PerturbationEngine(models, 2000).run(batch, params(Q, 100, false));
        assertThat(result.imagesProcessed()).isEqualTo(12);
        assertThat(result.samplesEvaluated()).isEqualTo(12L * Q);
        assertThat(result.mistakes()).isNotEmpty();
        assertThat(result.pixels()).hasSize(result.mistakes().size() * 28 * 28);
        int k = models.latentSize();
        float[] mu = encode(batch);
        double epsSum = 0;
        int epsCount = 0;
        float[] codes = new float[result.mistakes().size() * k];
        for (int i = 0; i < result.mistakes().size(); i++) {
            Mistake m = result.mistakes().get(i);
            int position = Arrays.binarySearch(batch.imageIndices(), m.imageIndex());
            assertThat(m.originalLabel()).isEqualTo(images.label(m.imageIndex()));
            assertThat(m.predictedLabel()).isNotEqualTo(m.originalLabel());
            assertThat(m.draw()).isBetween(0, Q - 1);
            double squares = 0;
            for (int d = 0; d < k; d++) {
                double eps = m.z()[d] - mu[position * k + d];
                // Beta noise lives in [0, 1]: z = μ + ε is not centred on μ
                assertThat(eps).isBetween(-1e-5, 1 + 1e-5);
                squares += eps * eps;
                epsSum += eps;
                epsCount++;
            }
            assertThat(m.epsNorm()).isCloseTo(Math.sqrt(squares), within(1e-4));
            System.arraycopy(m.z(), 0, codes, i * k, k);
        }
        assertThat(epsSum / epsCount).isCloseTo(0.5, within(0.01));
        // decoding the reported code again gives the stored image and the reported prediction
        try (NDManager manager = models.newManager()) {
            NDArray decoded = models.decode(manager.create(codes, new Shape(result.mistakes().size(), k)));
            float[] pixels = decoded.toFloatArray();
            for (int i = 0; i < pixels.length; i++) {
                assertThat(pixels[i]).isCloseTo(result.pixels()[i], within(1e-5f));
            }
            long[] predicted = models.predict(decoded);
            for (int i = 0; i < predicted.length; i++) {
                assertThat((int) predicted[i]).isEqualTo(result.mistakes().get(i).predictedLabel());
            }
        }
    }

    @Test
    void theCapKeepsEachImagesSmallestNoise() {
        PerturbationEngine engine = new PerturbationEngine(models, 2000);
        PerturbationResult all = engine.run(batch, params(Q, Q, false));
        int cap = 3;
        PerturbationResult capped = engine.run(batch, params(Q, cap, false));
        List<Mistake> expected = new ArrayList<>();
        for (int image : batch.imageIndices()) {
            all.mistakes().stream().filter(m -> m.imageIndex() == image).limit(cap).forEach(expected::add);
        }
        assertThat(capped.mistakes()).hasSizeLessThan(all.mistakes().size());
        assertThat(signature(capped.mistakes())).containsExactlyElementsOf(signature(expected));
        for (int image : batch.imageIndices()) {
            List<Double> norms = all.mistakes().stream().filter(m -> m.imageIndex() == image)
                    .map(Mistake::epsNorm).toList();
            assertThat(norms).isSorted();
            assertThat(capped.mistakes().stream().filter(m -> m.imageIndex() == image).count())
                    .isEqualTo(Math.min(cap, norms.size()));
        }
    }

    @Test
    void theResultDoesNotDependOnPassSizeOrOnHowImagesAreGrouped() {
        IdentifyParams params = params(Q, 5, false);
        PerturbationResult whole = new PerturbationEngine(models, 2000).run(batch, params);
        PerturbationResult smallPasses = new PerturbationEngine(models, 37).run(batch, params);
        int[] first = Arrays.copyOfRange(batch.imageIndices(), 0, 5);
        int[] rest = Arrays.copyOfRange(batch.imageIndices(), 5, 12);
        List<Mistake> split = new ArrayList<>(new PerturbationEngine(models, 2000)
                .run(ImageBatch.of(images, first), params).mistakes());
        split.addAll(new PerturbationEngine(models, 2000).run(ImageBatch.of(images, rest), params).mistakes());

        assertThat(signature(smallPasses.mistakes())).containsExactlyElementsOf(signature(whole.mistakes()));
        assertThat(signature(split)).containsExactlyElementsOf(signature(whole.mistakes()));
        assertThat(smallPasses.timings().passes()).isGreaterThan(whole.timings().passes());
    }

    @Test
    void skippingMisreconstructedImagesSkipsExactlyThose() {
        PerturbationResult result = new PerturbationEngine(models, 2000).run(batch, params(Q, 100, true));
        List<Integer> expected = new ArrayList<>();
        int k = models.latentSize();
        float[] mu = encode(batch);
        try (NDManager manager = models.newManager()) {
            long[] predicted = models.predict(models.decode(manager.create(mu, new Shape(batch.size(), k))));
            for (int i = 0; i < batch.size(); i++) {
                if (predicted[i] != batch.labels()[i]) {
                    expected.add(batch.imageIndices()[i]);
                }
            }
        }
        assertThat(Arrays.stream(result.skippedImages()).boxed().toList()).containsExactlyElementsOf(expected);
        assertThat(result.imagesProcessed() + result.imagesSkipped()).isEqualTo(batch.size());
        assertThat(result.samplesEvaluated()).isEqualTo((long) result.imagesProcessed() * Q);
        assertThat(result.mistakes()).noneMatch(m -> expected.contains(m.imageIndex()));
    }

    private static float[] encode(ImageBatch images) {
        try (NDManager manager = models.newManager()) {
            NDArray x = manager.create(images.pixels(), models.input().batchShape(images.size()));
            return models.encodeMean(x).toFloatArray();
        }
    }

    private static List<String> signature(List<Mistake> mistakes) {
        return mistakes.stream().map(m -> m.imageIndex() + "/" + m.draw() + "/" + m.predictedLabel() + "/"
                + Arrays.toString(m.z()) + "/" + m.epsNorm()).toList();
    }
}
