package dev.defuse.identify.ml;

import ai.djl.ndarray.NDManager;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.identify.TestModels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** identify's layer-by-layer networks compute what common's runners compute. */
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
}
