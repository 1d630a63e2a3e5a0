package dev.defuse.common.ml.arch;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.defuse.common.util.Require;

/**
 * The paper's β-VAE (appendix B, after Burgess et al.):
 * <ul>
 *   <li>encoder: 3 × (conv 4×4, stride 2, padding 1, ReLU) → FC ReLU → FC ReLU → FC 2·K (μ, log σ²);</li>
 *   <li>decoder: FC ReLU → FC ReLU → FC ReLU to {@code filters × s/8 × s/8} → reshape → 2 × (transposed conv
 *       4×4, stride 2, ReLU) → transposed conv 4×4 stride 2 to the image channels → sigmoid (applied by the
 *       caller on the logits, see {@link BetaVaeBlock}).</li>
 * </ul>
 * MNIST uses 32 filters; SVHN and German signs the 64-filter variant.
 *
 * @param input       images and padding (padded size divisible by 8: three halvings)
 * @param latentSize  K, the number of latent dimensions
 * @param convFilters filters of every (transposed) convolution but the last
 * @param hiddenUnits units of the hidden fully connected layers (paper: 256)
 */
public record VaeArchitecture(ImageInput input, int latentSize, int convFilters, int hiddenUnits)
        implements ModelArchitecture {

    public static final String NAME = "defuse-beta-vae-v1";
    public static final int CONV_LAYERS = 3;
    public static final int PAPER_HIDDEN = 256;
    /** Filters of the MNIST VAE. */
    public static final int SMALL_FILTERS = 32;
    /** Filters of the "64-channel variant" used for SVHN and German signs. */
    public static final int WIDE_FILTERS = 64;
    private static final int SIZE_MULTIPLE = 1 << CONV_LAYERS;

    public VaeArchitecture {
        Require.nonNull(input, "input");
        Require.positive(latentSize, "latent size");
        Require.positive(convFilters, "conv filters");
        Require.positive(hiddenUnits, "hidden units");
        PaperLayers.requireDivisible(input, CONV_LAYERS, "VAE");
    }

    /** The paper's β-VAE for square images; {@code convFilters} is 32 (MNIST) or 64 (SVHN, German signs). */
    public static VaeArchitecture paper(int channels, int size, int latentSize, int convFilters) {
        // MNIST is padded to 32 like the classifier's input, so both models see the same 32 × 32 frame.
        int padded = ImageInput.paddedTo(size, 2 * SIZE_MULTIPLE);
        return new VaeArchitecture(new ImageInput(channels, size, padded), latentSize, convFilters, PAPER_HIDDEN);
    }

    /** MNIST: 1 × 28 × 28 padded to 32, K latent dimensions (paper: 10), 32 filters. */
    public static VaeArchitecture mnist(int latentSize) {
        return paper(1, 28, latentSize, SMALL_FILTERS);
    }

    /** SVHN: 3 × 32 × 32, 64 filters; K is not fixed by the brief, callers choose it. */
    public static VaeArchitecture svhn(int latentSize) {
        return paper(3, 32, latentSize, WIDE_FILTERS);
    }

    /** German traffic signs: 3 × 128 × 128, K = 15, 64 filters. */
    public static VaeArchitecture germanSigns() {
        return paper(3, 128, 15, WIDE_FILTERS);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.VAE;
    }

    @Override
    public String architectureName() {
        return NAME;
    }

    /** Side of the smallest feature map ({@code paddedSize / 8}). */
    public int bottleneckSize() {
        return input.paddedSize() / SIZE_MULTIPLE;
    }

    @Override
    public BetaVaeBlock newBlock() {
        return new BetaVaeBlock(this, newEncoder(), newDecoder());
    }

    private SequentialBlock newEncoder() {
        SequentialBlock encoder = new SequentialBlock();
        encoder.addSingleton(input::pad, "pad");
        PaperLayers.halvingConvolutions(encoder, CONV_LAYERS, convFilters).add(Blocks.batchFlattenBlock());
        PaperLayers.denseRelu(encoder, hiddenUnits);
        PaperLayers.denseRelu(encoder, hiddenUnits);
        return encoder.add(Linear.builder().setUnits(2L * latentSize).build());
    }

    private SequentialBlock newDecoder() {
        int side = bottleneckSize();
        SequentialBlock decoder = new SequentialBlock();
        PaperLayers.denseRelu(decoder, hiddenUnits);
        PaperLayers.denseRelu(decoder, hiddenUnits);
        PaperLayers.denseRelu(decoder, (long) convFilters * side * side);
        decoder.addSingleton(x -> x.reshape(-1, convFilters, side, side), "reshape");
        for (int i = 0; i < CONV_LAYERS; i++) {
            boolean last = i == CONV_LAYERS - 1;
            decoder.add(new TransposedConv2d(last ? input.channels() : convFilters,
                    PaperLayers.KERNEL, PaperLayers.STRIDE, PaperLayers.PADDING));
            if (!last) {
                decoder.add(Activation.reluBlock());
            }
        }
        decoder.addSingleton(input::crop, "crop");
        return decoder;
    }
}
