package dev.defuse.common.ml.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.defuse.common.util.Require;

/**
 * A 2-D transposed convolution (PyTorch's {@code ConvTranspose2d}) built from operations DJL's PyTorch engine has.
 *
 * <p>DJL 0.36 declares {@code Conv2dTranspose}, but its PyTorch engine throws "Not implemented" for the
 * deconvolution operator. A transposed convolution with kernel k, stride s and padding p equals a stride-1
 * convolution over the input with s − 1 zeros inserted after every pixel, zero-padded by k − 1 − p before and
 * k − 1 − p − (s − 1) after: the output side is (n − 1)·s − 2p + k, as in PyTorch. The weight is stored as the
 * kernel of that convolution, {@code (outChannels, inChannels, k, k)}; it corresponds to a PyTorch
 * {@code ConvTranspose2d} weight W_t of shape {@code (in, out, k, k)} by W[o, i, u, v] = W_t[i, o, k−1−u, k−1−v].
 *
 * <p>Three quarters of that dilated input are zeros, so for the paper's layers (k = 4, s = 2, p = 1) the forward
 * pass computes the same thing without them: output pixel (2i + a, 2j + b) only meets the kernel taps
 * W[:, :, a::2, b::2], so each of the four phases (a, b) is a 2×2 convolution of the undilated input (padded one
 * pixel before for phase 0, after for phase 1), and the phases are interleaved. That is 4× fewer multiplications and
 * no large zero-filled intermediates, which matters for decoding millions of latent codes.
 */
public final class TransposedConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param filters output channels
     * @param kernel  square kernel side k
     * @param stride  upsampling factor s
     * @param padding p, as in PyTorch (requires k − 1 − p ≥ s − 1)
     */
    public TransposedConv2d(int filters, int kernel, int stride, int padding) {
        super(VERSION);
        this.filters = Require.positive(filters, "filters");
        this.kernel = Require.positive(kernel, "kernel");
        this.stride = Require.positive(stride, "stride");
        this.padding = Require.nonNegative(padding, "padding");
        Require.check(kernel - 1 - padding >= stride - 1,
                "unsupported transposed convolution: kernel " + kernel + ", stride " + stride + ", padding " + padding);
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long inChannels = inputShapes[0].get(1);
        weight.setShape(new Shape(filters, inChannels, kernel, kernel));
        bias.setShape(new Shape(filters));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, outputSide(in.get(2)), outputSide(in.get(3)))};
    }

    private long outputSide(long inputSide) {
        return (inputSide - 1) * stride - 2L * padding + kernel;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        if (kernel == 2 * stride && stride == 2 && padding == 1) {
            return new NDList(phases(x, w, b));
        }
        int before = kernel - 1 - padding;
        int after = before - (stride - 1);
        NDArray padded = dilate(x, stride).pad(new Shape(before, after, before, after), 0);
        return convolve(padded, w, b);
    }

    /** The k = 4, s = 2, p = 1 case as four interleaved 2×2 convolutions (see the class comment). */
    private static NDArray phases(NDArray x, NDArray w, NDArray b) {
        Shape shape = x.getShape();
        long n = shape.get(0);
        long h = shape.get(2);
        long width = shape.get(3);
        NDList rows = new NDList(2);
        for (int a = 0; a < 2; a++) {
            NDList columns = new NDList(2);
            for (int c = 0; c < 2; c++) {
                NDArray kernel = w.get(new NDIndex(":, :, {}::2, {}::2", a, c));
                // torch.nn.functional.pad order: (left, right, top, bottom)
                NDArray padded = x.pad(new Shape(1 - c, c, 1 - a, a), 0);
                columns.add(convolve(padded, kernel, b).singletonOrThrow());
            }
            rows.add(NDArrays.stack(columns, 4)); // (n, out, h, w, 2): column phase innermost
        }
        NDArray interleaved = NDArrays.stack(rows, 3); // (n, out, h, 2, w, 2)
        return interleaved.reshape(n, interleaved.getShape().get(1), 2 * h, 2 * width);
    }

    private static NDList convolve(NDArray input, NDArray weight, NDArray bias) {
        return input.getNDArrayInternal().convolution(input, weight, bias,
                new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1);
    }

    /** Inserts {@code s − 1} zeros after every pixel along height and width: (N, C, H, W) → (N, C, H·s, W·s). */
    static NDArray dilate(NDArray x, int s) {
        if (s == 1) {
            return x;
        }
        Shape shape = x.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        long h = shape.get(2);
        long w = shape.get(3);
        NDList columns = new NDList(x);
        NDArray zeros = x.zerosLike();
        for (int i = 1; i < s; i++) {
            columns.add(zeros);
        }
        NDArray wide = NDArrays.stack(columns, 4).reshape(n, c, h, w * s);
        NDList rows = new NDList(wide);
        NDArray zeroRows = wide.zerosLike();
        for (int i = 1; i < s; i++) {
            rows.add(zeroRows);
        }
        return NDArrays.stack(rows, 3).reshape(n, c, h * s, w * s);
    }
}
