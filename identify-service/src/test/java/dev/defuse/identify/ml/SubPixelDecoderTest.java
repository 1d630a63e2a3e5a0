package dev.defuse.identify.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.defuse.identify.TestModels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The sub-pixel decoder computes the same images as the architecture's own decoder. */
class SubPixelDecoderTest {

    @Test
    void decodesLikeTheReferenceDecoder() {
        try (IdentifyModels fast = IdentifyModels.load(TestModels.vae(), TestModels.classifier(), true);
             IdentifyModels reference = IdentifyModels.load(TestModels.vae(), TestModels.classifier(), false)) {
            assertThat(fast.subPixelDecoder()).isTrue();
            assertThat(reference.subPixelDecoder()).isFalse();
            int n = 300;
            int k = fast.latentSize();
            float[] codes = new float[n * k];
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (float) (random.nextDouble() * 8 - 4);
            }
            float[] a;
            float[] b;
            try (NDManager manager = fast.newManager()) {
                NDArray decoded = fast.decode(manager.create(codes, new Shape(n, k)));
                assertThat(decoded.getShape()).isEqualTo(new Shape(n, 1, 28, 28));
                a = decoded.toFloatArray();
            }
            try (NDManager manager = reference.newManager()) {
                b = reference.decode(manager.create(codes, new Shape(n, k))).toFloatArray();
            }
            double max = 0;
            double spread = 0;
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
                spread = Math.max(spread, Math.abs(b[i] - b[i % (28 * 28)]));
            }
            assertThat(max).isLessThan(1e-5);
            assertThat(spread).as("the codes decode to different images").isGreaterThan(0.01);
        }
    }
}
