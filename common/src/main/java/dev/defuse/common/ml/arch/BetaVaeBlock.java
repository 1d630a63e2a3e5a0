package dev.defuse.common.ml.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.defuse.common.ml.Scalar;

/**
 * The β-VAE as one DJL block with an encoder and a decoder child.
 *
 * <p>{@link #forward} takes {@code (images)} and returns {@code (reconstruction logits, μ, log σ²)}: the latent
 * code is sampled with the reparameterisation z = μ + σ·ε, ε ~ N(0, I) drawn from libtorch's generator (seeded
 * through {@code TorchRuntime.seed}). The decoder ends in logits, not in a sigmoid, so the reconstruction loss can
 * use the numerically stable binary cross-entropy with logits; {@link #decode} applies the sigmoid.
 */
public final class BetaVaeBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final VaeArchitecture architecture;
    private final Block encoder;
    private final Block decoder;

    BetaVaeBlock(VaeArchitecture architecture, Block encoder, Block decoder) {
        super(VERSION);
        this.architecture = architecture;
        this.encoder = addChildBlock("encoder", encoder);
        this.decoder = addChildBlock("decoder", decoder);
    }

    public VaeArchitecture architecture() {
        return architecture;
    }

    /** The decoder: latent codes {@code (batch, K)} to reconstruction logits (for callers that run it layer by layer). */
    public Block decoder() {
        return decoder;
    }

    /** {@code (μ, log σ²)}, each {@code (batch, K)}, for images in the dataset's size. */
    public NDList encode(ParameterStore parameterStore, NDArray images, boolean training) {
        NDArray stats = encoder.forward(parameterStore, new NDList(images), training).singletonOrThrow();
        int k = architecture.latentSize();
        return new NDList(stats.get(new NDIndex(":, :{}", k)), stats.get(new NDIndex(":, {}:", k)));
    }

    /** Reconstruction logits {@code (batch, C, size, size)} for latent codes {@code (batch, K)}. */
    public NDArray decodeLogits(ParameterStore parameterStore, NDArray latents, boolean training) {
        return decoder.forward(parameterStore, new NDList(latents), training).singletonOrThrow();
    }

    /** Decoded images (sigmoid of the logits), pixels in (0, 1). */
    public NDArray decode(ParameterStore parameterStore, NDArray latents) {
        return Activation.sigmoid(decodeLogits(parameterStore, latents, false));
    }

    /** z = μ + exp(½ log σ²) · ε with ε ~ N(0, I) from the engine's seeded generator. */
    public static NDArray reparameterise(NDArray mu, NDArray logVar) {
        return sample(mu, logVar, mu.getManager().randomNormal(0f, 1f, mu.getShape(), DataType.FLOAT32));
    }

    /** z = μ + exp(½ log σ²) · ε for given noise ε. */
    public static NDArray sample(NDArray mu, NDArray logVar, NDArray eps) {
        return logVar.mul(Scalar.of(logVar, 0.5f)).exp().mul(eps).add(mu);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList stats = encode(parameterStore, inputs.singletonOrThrow(), training);
        NDArray mu = stats.get(0);
        NDArray logVar = stats.get(1);
        NDArray z = reparameterise(mu, logVar);
        return new NDList(decodeLogits(parameterStore, z, training), mu, logVar);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        decoder.initialize(manager, dataType, new Shape(inputShapes[0].get(0), architecture.latentSize()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape latent = new Shape(batch, architecture.latentSize());
        return new Shape[] {architecture.input().batchShape(batch), latent, latent};
    }
}
