package dev.defuse.common.ml.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.defuse.common.util.Require;

/**
 * The paper's classifier (appendix B): 4 × (conv 4×4, stride 2, padding 1, ReLU) → FC ReLU → FC ReLU → FC logits.
 * The paper uses 64 filters and 256 hidden units for every dataset.
 *
 * @param input        images and padding (the padded size must be divisible by 16: four halvings)
 * @param numClasses   number of output logits
 * @param convFilters  filters of each convolution (paper: 64)
 * @param hiddenUnits  units of the two hidden fully connected layers (paper: 256)
 */
public record ClassifierArchitecture(ImageInput input, int numClasses, int convFilters, int hiddenUnits)
        implements ModelArchitecture {

    public static final String NAME = "defuse-classifier-v1";
    /** Number of stride-2 convolutions. */
    public static final int CONV_LAYERS = 4;
    public static final int PAPER_FILTERS = 64;
    public static final int PAPER_HIDDEN = 256;
    private static final int SIZE_MULTIPLE = 1 << CONV_LAYERS;

    public ClassifierArchitecture {
        Require.nonNull(input, "input");
        Require.check(numClasses >= 2, "a classifier needs at least 2 classes, got " + numClasses);
        Require.positive(convFilters, "conv filters");
        Require.positive(hiddenUnits, "hidden units");
        PaperLayers.requireDivisible(input, CONV_LAYERS, "classifier");
    }

    /** The paper's classifier for square images of any size: padded up to the next multiple of 16. */
    public static ClassifierArchitecture paper(int channels, int size, int numClasses) {
        return new ClassifierArchitecture(
                new ImageInput(channels, size, ImageInput.paddedTo(size, SIZE_MULTIPLE)),
                numClasses, PAPER_FILTERS, PAPER_HIDDEN);
    }

    /** MNIST: 1 × 28 × 28 padded to 32 × 32, 10 classes. */
    public static ClassifierArchitecture mnist() {
        return paper(1, 28, 10);
    }

    /** SVHN: 3 × 32 × 32, 10 classes. */
    public static ClassifierArchitecture svhn() {
        return paper(3, 32, 10);
    }

    /** German traffic signs (GTSRB) resized to 3 × 128 × 128, 43 classes. */
    public static ClassifierArchitecture germanSigns() {
        return paper(3, 128, 43);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.CLASSIFIER;
    }

    @Override
    public String architectureName() {
        return NAME;
    }

    /** Output shape for a batch: {@code (batch, numClasses)} logits. */
    public Shape outputShape(long batch) {
        return new Shape(batch, numClasses);
    }

    @Override
    public Block newBlock() {
        SequentialBlock block = new SequentialBlock();
        block.addSingleton(input::pad, "pad");
        PaperLayers.halvingConvolutions(block, CONV_LAYERS, convFilters).add(Blocks.batchFlattenBlock());
        PaperLayers.denseRelu(block, hiddenUnits);
        PaperLayers.denseRelu(block, hiddenUnits);
        return block.add(Linear.builder().setUnits(numClasses).build());
    }
}
