package dev.defuse.identify.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * How the classifier's convolution kernels are laid out in memory for inference.
 *
 * <p>libtorch runs a convolution channels-last whenever its input or its weight is stored channels-last
 * (N, H, W, C in memory, logical shape unchanged), and its output stays channels-last, so one converted kernel per
 * layer puts the whole convolution stack on oneDNN's channels-last path: no reorder of every activation to oneDNN's
 * blocked format and back at every layer. For the paper's MNIST classifier that cut the four convolutions from 75 to
 * 53 CPU-ms per 500-sample pass on the 2-core test machine (docs/benchmarks.md#identify, run F). The arithmetic is
 * the same; only the order in which oneDNN sums the products may differ, so logits can differ in the last bits.
 */
public enum KernelLayout {

    /** Kernels as DJL stores them (N, C, H, W in memory). */
    PLAIN,

    /** 4-D kernels stored channels-last (the default). */
    CHANNELS_LAST;

    /**
     * Re-lays the 4-D parameters of {@code block} (loaded for inference) in this layout, in place: each parameter's
     * array keeps its identity and shape, only its storage changes.
     *
     * @return how many kernels were converted (0 for {@link #PLAIN})
     */
    public int apply(Block block) {
        if (this == PLAIN) {
            return 0;
        }
        int converted = 0;
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            NDArray kernel = parameter.getValue().getArray();
            if (kernel.getShape().dimension() == 4) {
                kernel.intern(channelsLastCopy(kernel));
                converted++;
            }
        }
        return converted;
    }

    /**
     * A copy of {@code kernel} (O, I, kH, kW) whose storage is (O, kH, kW, I): a dense (O, kH, kW, I) array viewed
     * through a permutation. libtorch recognises such strides as channels-last.
     */
    private static NDArray channelsLastCopy(NDArray kernel) {
        Shape shape = kernel.getShape();
        float[] values;
        try (NDArray permuted = kernel.transpose(0, 2, 3, 1)) {
            values = permuted.toFloatArray(); // row-major in the permuted order: O, kH, kW, I
        }
        // create() wraps a Java buffer that is freed with its array; the clone's storage belongs to libtorch, and the
        // view keeps it alive after both arrays' handles are closed
        try (NDArray dense = kernel.getManager()
                .create(values, new Shape(shape.get(0), shape.get(2), shape.get(3), shape.get(1)));
             NDArray owned = dense.duplicate()) {
            return owned.transpose(0, 3, 1, 2);
        }
    }
}
