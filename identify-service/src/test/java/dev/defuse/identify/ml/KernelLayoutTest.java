package dev.defuse.identify.ml;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.model.ModelLoader;
import dev.defuse.identify.TestModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Channels-last kernels change where the classifier's weights live in memory, not what it computes. */
class KernelLayoutTest {

    @Test
    void channelsLastConvertsEveryConvolutionKernelAndKeepsTheirValues() {
        try (Model plain = ModelLoader.load(TestModels.classifier());
             Model converted = ModelLoader.load(TestModels.classifier())) {
            assertThat(KernelLayout.PLAIN.apply(plain.getBlock())).isZero();
            // the paper's MNIST classifier: four convolutions, then fully connected layers (2-D weights stay as they are)
            assertThat(KernelLayout.CHANNELS_LAST.apply(converted.getBlock())).isEqualTo(4);
            collectGarbage();
            List<NDArray> before = arrays(plain);
            List<NDArray> after = arrays(converted);
            assertThat(after).hasSameSizeAs(before);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i).getShape()).isEqualTo(before.get(i).getShape());
                assertThat(after.get(i).toFloatArray()).containsExactly(before.get(i).toFloatArray());
            }
        }
    }

    @Test
    void channelsLastComputesTheSameLogitsAsThePlainLayout() {
        LabeledImages images = TestModels.mnistTrain().slice(0, 256);
        int n = images.size();
        try (Model plain = ModelLoader.load(TestModels.classifier());
             Model converted = ModelLoader.load(TestModels.classifier())) {
            KernelLayout.CHANNELS_LAST.apply(converted.getBlock());
            collectGarbage();
            float[] expected = logits(plain, images, n);
            float[] actual = logits(converted, images, n);
            assertThat(actual).hasSameSizeAs(expected);
            double largest = 0;
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], within(1e-4f));
                largest = Math.max(largest, Math.abs(expected[i]));
            }
            assertThat(largest).as("the logits are not trivially zero").isGreaterThan(1.0);
        }
    }

    /**
     * Frees whatever Java memory nothing references any more and reuses it: converted kernels must not live in a
     * buffer that goes with the temporary arrays of the conversion.
     */
    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try (NDManager scratch = NDManager.newBaseManager()) {
                scratch.create(new float[1 << 20]).muli(2);
            }
        }
    }

    private static List<NDArray> arrays(Model model) {
        List<NDArray> arrays = new ArrayList<>();
        model.getBlock().getParameters().forEach(p -> arrays.add(p.getValue().getArray()));
        return arrays;
    }

    private static float[] logits(Model model, LabeledImages images, int n) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(images.pixels(), TestModels.classifier().manifest().architecture().input()
                    .batchShape(n));
            ParameterStore parameters = new ParameterStore(manager, false);
            return model.getBlock().forward(parameters, new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }
}
