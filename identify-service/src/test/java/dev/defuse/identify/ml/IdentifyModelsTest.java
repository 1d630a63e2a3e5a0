package dev.defuse.identify.ml;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.identify.TestModels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** identify's layer-by-layer networks compute what common's runners compute (encoder, decoder, classifier). */
class IdentifyModelsTest {

    @Test
    void predictsAndEncodesLikeTheCommonRunners() {
        LabeledImages images = TestModels.mnistTrain().slice(2000, 2300);
        int n = images.size();
        try (IdentifyModels models = IdentifyModels.load(TestModels.vae(), TestModels.classifier());
             ClassifierRunner classifier = ClassifierRunner.open(TestModels.classifier());
             VaeRunner vae = VaeRunner.open(TestModels.vae())) {
            int[] expected = classifier.predict(images.pixels(), n);
            float[] expectedMu = vae.encodeMean(images.pixels(), n);
            try (NDManager manager = models.newManager()) {
                var x = manager.create(images.pixels(), models.input().batchShape(n));
                long[] predicted = models.predict(x);
                float[] mu = models.encodeMean(x).toFloatArray();
                for (int i = 0; i < n; i++) {
                    assertThat((int) predicted[i]).isEqualTo(expected[i]);
                }
                for (int i = 0; i < mu.length; i++) {
                    assertThat(mu[i]).isCloseTo(expectedMu[i], within(1e-5f));
                }
            }
            assertThat(models.numClasses()).isEqualTo(10);
            assertThat(models.latentSize()).isEqualTo(10);
        }
    }

    @Test
    void decodesLikeTheCommonRunner() {
        try (IdentifyModels models = IdentifyModels.load(TestModels.vae(), TestModels.classifier());
             VaeRunner vae = VaeRunner.open(TestModels.vae())) {
            int n = 300;
            int k = models.latentSize();
            float[] codes = new float[n * k];
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (float) (random.nextDouble() * 8 - 4);
            }
            float[] expected = vae.decode(codes, n);
            float[] decoded;
            try (NDManager manager = models.newManager()) {
                var images = models.decode(manager.create(codes, new Shape(n, k)));
                assertThat(images.getShape()).isEqualTo(new Shape(n, 1, 28, 28));
                decoded = images.toFloatArray();
            }
            double spread = 0;
            for (int i = 0; i < decoded.length; i++) {
                assertThat(decoded[i]).isCloseTo(expected[i], within(1e-6f));
                spread = Math.max(spread, Math.abs(expected[i] - expected[i % (28 * 28)]));
            }
            assertThat(spread).as("the codes decode to different images").isGreaterThan(0.01);
        }
    }
}
