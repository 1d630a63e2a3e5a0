package dev.defuse.common.ml.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.defuse.common.ml.arch.BetaVaeBlock;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.util.Require;

/**
 * Batched encoding and decoding with a stored β-VAE (see {@link ModelRunner} for the conventions). Encoding is
 * deterministic (μ and log σ², no sampling); decoding returns sigmoid pixels in (0, 1) in the dataset's image size.
 */
public final class VaeRunner extends ModelRunner {

    private final BetaVaeBlock block;

    private VaeRunner(ModelArtifact artifact, int batchSize) {
        super(artifact, ModelKind.VAE, batchSize);
        this.block = (BetaVaeBlock) model().getBlock();
    }

    /**
     * Loads a β-VAE, verifying its parameters.
     *
     * @throws dev.defuse.common.ml.model.ModelLoadException if the parameters are damaged or do not fit
     */
    public static VaeRunner open(ModelArtifact artifact) {
        return new VaeRunner(artifact, DEFAULT_BATCH_SIZE);
    }

    /** As {@link #open(ModelArtifact)} with another chunk size for the array methods. */
    public static VaeRunner open(ModelArtifact artifact, int batchSize) {
        return new VaeRunner(artifact, batchSize);
    }

    /** K. */
    public int latentSize() {
        return block.architecture().latentSize();
    }

    /** {@code (μ, log σ²)}, each {@code (n, K)}, for images {@code (n, C, H, W)}, in the images' manager. */
    public NDList encode(NDArray images) {
        checkImages(images);
        return block.encode(parameters(), images, false);
    }

    /** μ {@code (n, K)} for images {@code (n, C, H, W)}. */
    public NDArray encodeMean(NDArray images) {
        return encode(images).get(0);
    }

    /** Decoded images {@code (n, C, H, W)} for latent codes {@code (n, K)}, in the codes' manager. */
    public NDArray decode(NDArray latents) {
        checkLatents(latents);
        return block.decode(parameters(), latents);
    }

    /** Decoder logits {@code (n, C, H, W)} (before the sigmoid) for latent codes {@code (n, K)}. */
    public NDArray decodeLogits(NDArray latents) {
        checkLatents(latents);
        return block.decodeLogits(parameters(), latents, false);
    }

    /** μ and log σ² for {@code count} NCHW images. */
    public LatentCodes encode(float[] pixels, int count) {
        checkPixels(pixels, count);
        int k = latentSize();
        float[] mean = new float[count * k];
        float[] logVar = new float[count * k];
        forEachChunk(count, (manager, from, n) -> {
            NDList stats = encode(images(manager, pixels, from, n));
            System.arraycopy(stats.get(0).toFloatArray(), 0, mean, from * k, n * k);
            System.arraycopy(stats.get(1).toFloatArray(), 0, logVar, from * k, n * k);
        });
        return new LatentCodes(mean, logVar, count, k);
    }

    /** μ, row-major {@code count × K}, for {@code count} NCHW images. */
    public float[] encodeMean(float[] pixels, int count) {
        return encode(pixels, count).mean();
    }

    /** Decoded NCHW images for {@code count} latent codes (row-major {@code count × K}). */
    public float[] decode(float[] latents, int count) {
        Require.nonNull(latents, "latents");
        int k = latentSize();
        Require.check(latents.length == (long) count * k,
                "expected " + count + " latent codes of " + k + " floats, got " + latents.length + " floats");
        int per = input().pixelsPerImage();
        float[] out = new float[count * per];
        forEachChunk(count, (manager, from, n) -> System.arraycopy(
                decode(rows(manager, latents, from, n, k, new Shape(n, k))).toFloatArray(), 0, out, from * per, n * per));
        return out;
    }

    /** decode(μ(x)) for {@code count} NCHW images: the VAE's deterministic reconstruction. */
    public float[] reconstruct(float[] pixels, int count) {
        return decode(encodeMean(pixels, count), count);
    }

    private void checkLatents(NDArray latents) {
        Require.check(latents.getShape().dimension() == 2 && latents.getShape().get(1) == latentSize(),
                "expected latent codes of shape (n, " + latentSize() + "), got " + latents.getShape());
    }
}
