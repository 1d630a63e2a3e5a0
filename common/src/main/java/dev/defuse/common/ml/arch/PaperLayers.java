package dev.defuse.common.ml.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.defuse.common.util.Require;

/** The layers both networks of appendix B are made of: 4×4 stride-2 convolutions and ReLU fully connected layers. */
final class PaperLayers {

    static final int KERNEL = 4;
    static final int STRIDE = 2;
    /** Padding 1 makes each 4×4 stride-2 convolution halve the side exactly. */
    static final int PADDING = 1;

    private PaperLayers() {
    }

    /** Appends {@code layers} × (conv 4×4, stride 2, padding 1, {@code filters}, ReLU). */
    static SequentialBlock halvingConvolutions(SequentialBlock block, int layers, int filters) {
        for (int i = 0; i < layers; i++) {
            block.add(Conv2d.builder()
                            .setKernelShape(new Shape(KERNEL, KERNEL))
                            .optStride(new Shape(STRIDE, STRIDE))
                            .optPadding(new Shape(PADDING, PADDING))
                            .setFilters(filters)
                            .build())
                    .add(Activation.reluBlock());
        }
        return block;
    }

    /** Appends a fully connected layer of {@code units} followed by ReLU. */
    static SequentialBlock denseRelu(SequentialBlock block, long units) {
        return block.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
    }

    /** The padded side must survive {@code halvings} exact halvings. */
    static void requireDivisible(ImageInput input, int halvings, String network) {
        int multiple = 1 << halvings;
        Require.check(input.paddedSize() % multiple == 0,
                network + " input must be padded to a multiple of " + multiple + ", got " + input.paddedSize());
    }
}
