package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.defuse.common.ml.arch.TransposedConv2d;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TransposedConv2d} computes exactly PyTorch's {@code ConvTranspose2d(k, s, p)}: compared with a direct Java
 * implementation of the transposed convolution's definition on random data.
 */
class TransposedConv2dTest {

    @BeforeAll
    static void engine() {
        TorchRuntime.start(TorchSettings.defaults());
    }

    /** k = 4, s = 2, p = 1 (the paper's layers) runs in sub-pixel form: one 2×2 convolution plus depth-to-space. */
    @Test
    void thePapersLayerMatchesTheDefinition() {
        check(4, 2, 1);
    }

    /** Other shapes run as a convolution over the zero-dilated input. */
    @Test
    void otherShapesMatchTheDefinitionToo() {
        check(3, 2, 1);
        check(5, 3, 2);
    }

    /**
     * A forward pass of the paper's layer leaves nothing behind but its output: no array derived from the weights in
     * the parameters' manager (it would grow with every pass until the model closes), no intermediate in the input's.
     */
    @Test
    void aForwardPassKeepsOnlyItsOutput() {
        TransposedConv2d block = new TransposedConv2d(8, 4, 2, 1);
        try (NDManager parameters = TorchRuntime.engine().newBaseManager();
             NDManager batch = TorchRuntime.engine().newBaseManager()) {
            block.initialize(parameters, DataType.FLOAT32, new Shape(3, 4, 6, 6));
            int before = parameters.getManagedArrays().size();
            NDArray x = batch.randomNormal(new Shape(3, 4, 6, 6));
            NDArray y = block.forward(new ParameterStore(parameters, false), new NDList(x), false).singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(3, 8, 12, 12));
            assertThat(parameters.getManagedArrays()).hasSize(before);
            assertThat(batch.getManagedArrays()).usingElementComparator((u, v) -> u == v ? 0 : 1)
                    .containsExactlyInAnyOrder(x, y);
        }
    }

    private static void check(int k, int s, int p) {
        int batch = 2;
        int in = 3;
        int out = 2;
        int side = 5;
        SplittableRandom random = new SplittableRandom(11);
        float[] x = gaussian(random, batch * in * side * side);
        float[] torchWeight = gaussian(random, in * out * k * k); // PyTorch layout (in, out, k, k)
        float[] bias = gaussian(random, out);

        float[] expected = reference(x, torchWeight, bias, batch, in, out, side, k, s, p);
        int outSide = (side - 1) * s - 2 * p + k;

        TransposedConv2d block = new TransposedConv2d(out, k, s, p);
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(batch, in, side, side));
            block.getParameters().get("weight").getArray().set(toConvWeight(torchWeight, in, out, k));
            block.getParameters().get("bias").getArray().set(bias);
            NDArray result = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(x, new Shape(batch, in, side, side))), false).singletonOrThrow();

            assertThat(result.getShape()).isEqualTo(new Shape(batch, out, outSide, outSide));
            float[] actual = result.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("k=%d s=%d p=%d, output %d", k, s, p, i).isCloseTo(expected[i], within(1e-4f));
            }
        }
    }

    /** y[n,o,oy,ox] = b[o] + Σ x[n,i,iy,ix]·Wt[i,o,ky,kx] over oy = iy·s − p + ky, ox = ix·s − p + kx. */
    private static float[] reference(float[] x, float[] wt, float[] b, int batch, int in, int out, int side,
                                     int k, int s, int p) {
        int outSide = (side - 1) * s - 2 * p + k;
        float[] y = new float[batch * out * outSide * outSide];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < outSide * outSide; i++) {
                    y[((n * out) + o) * outSide * outSide + i] = b[o];
                }
                for (int c = 0; c < in; c++) {
                    for (int iy = 0; iy < side; iy++) {
                        for (int ix = 0; ix < side; ix++) {
                            float v = x[((n * in + c) * side + iy) * side + ix];
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int oy = iy * s - p + ky;
                                    int ox = ix * s - p + kx;
                                    if (oy >= 0 && oy < outSide && ox >= 0 && ox < outSide) {
                                        y[((n * out + o) * outSide + oy) * outSide + ox] +=
                                                v * wt[((c * out + o) * k + ky) * k + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /** W[o, i, u, v] = Wt[i, o, k−1−u, k−1−v] (see the class comment of TransposedConv2d). */
    private static float[] toConvWeight(float[] wt, int in, int out, int k) {
        float[] w = new float[wt.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int u = 0; u < k; u++) {
                    for (int v = 0; v < k; v++) {
                        w[((o * in + i) * k + u) * k + v] = wt[((i * out + o) * k + (k - 1 - u)) * k + (k - 1 - v)];
                    }
                }
            }
        }
        return w;
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
