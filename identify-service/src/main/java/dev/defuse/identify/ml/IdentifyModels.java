package dev.defuse.identify.ml;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.defuse.common.ml.arch.BetaVaeBlock;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoader;
import dev.defuse.common.util.Require;

/**
 * A job's β-VAE and classifier, loaded for inference: encode μ(x), decode latent codes, classify. Arrays stay on the
 * native side between the steps, and the decoder and the classifier run layer by layer ({@link LayerChain}) so a
 * batch holds only a couple of activations at a time. The decoder's transposed convolutions are common's
 * {@code TransposedConv2d}, which computes the paper's kernel-4 stride-2 layers in sub-pixel form; the classifier's
 * kernels are laid out channels-last by default ({@link KernelLayout}). Not thread-safe:
 * one instance per worker thread ({@link ModelPool} hands them out).
 */
public final class IdentifyModels implements AutoCloseable {

    private final String vaeId;
    private final String classifierId;
    private final Model vae;
    private final BetaVaeBlock vaeBlock;
    private final ParameterStore vaeParameters;
    private final LayerChain decoderLayers;
    private final Model classifier;
    private final LayerChain classifierLayers;
    private final ImageInput input;
    private final int numClasses;

    private IdentifyModels(ModelArtifact vaeArtifact, ModelArtifact classifierArtifact, KernelLayout layout) {
        Require.check(vaeArtifact.manifest().kind() == ModelKind.VAE,
                "model '" + vaeArtifact.modelId() + "' is a " + vaeArtifact.manifest().kind().id() + ", not a VAE");
        Require.check(classifierArtifact.manifest().kind() == ModelKind.CLASSIFIER, "model '"
                + classifierArtifact.modelId() + "' is a " + classifierArtifact.manifest().kind().id()
                + ", not a classifier");
        ImageInput vaeInput = vaeArtifact.manifest().architecture().input();
        ImageInput classifierInput = classifierArtifact.manifest().architecture().input();
        Require.check(vaeInput.channels() == classifierInput.channels() && vaeInput.size() == classifierInput.size(),
                "the VAE '" + vaeArtifact.modelId() + "' decodes " + describe(vaeInput) + " images but the classifier '"
                        + classifierArtifact.modelId() + "' takes " + describe(classifierInput));
        this.vaeId = vaeArtifact.modelId();
        this.classifierId = classifierArtifact.modelId();
        this.input = classifierInput;
        this.numClasses = ((ClassifierArchitecture) classifierArtifact.manifest().architecture()).numClasses();
        this.classifier = ModelLoader.load(classifierArtifact);
        this.classifierLayers = new LayerChain(LayerChain.layersOf(classifier.getBlock(),
                new ParameterStore(classifier.getNDManager(), false)));
        Model loaded = null;
        try {
            layout.apply(classifier.getBlock());
            loaded = ModelLoader.load(vaeArtifact);
            this.vaeBlock = (BetaVaeBlock) loaded.getBlock();
            this.vaeParameters = new ParameterStore(loaded.getNDManager(), false);
            this.decoderLayers = new LayerChain(LayerChain.layersOf(vaeBlock.decoder(), vaeParameters));
            this.vae = loaded;
        } catch (RuntimeException e) {
            if (loaded != null) {
                loaded.close();
            }
            classifier.close();
            throw e;
        }
    }

    /**
     * Loads both models, verifying their parameters, with the classifier's kernels channels-last.
     *
     * @throws IllegalArgumentException if the models are of the wrong kind or their images differ
     */
    public static IdentifyModels load(ModelArtifact vae, ModelArtifact classifier) {
        return load(vae, classifier, KernelLayout.CHANNELS_LAST);
    }

    /**
     * Loads both models, verifying their parameters, with the classifier's kernels in {@code layout}.
     *
     * @throws IllegalArgumentException if the models are of the wrong kind or their images differ
     */
    public static IdentifyModels load(ModelArtifact vae, ModelArtifact classifier, KernelLayout layout) {
        return new IdentifyModels(vae, classifier, Require.nonNull(layout, "layout"));
    }

    public String vaeId() {
        return vaeId;
    }

    public String classifierId() {
        return classifierId;
    }

    /** The images both models take (the dataset's size; padding happens inside the models). */
    public ImageInput input() {
        return input;
    }

    /** K. */
    public int latentSize() {
        return vaeBlock.architecture().latentSize();
    }

    public int numClasses() {
        return numClasses;
    }

    /** A manager for one batch's arrays; close it after the batch. */
    public NDManager newManager() {
        return vae.getNDManager().newSubManager();
    }

    /** μ {@code (n, K)} of images {@code (n, C, H, W)}. */
    public NDArray encodeMean(NDArray images) {
        return vaeBlock.encode(vaeParameters, images, false).get(0);
    }

    /** Decoded images {@code (n, C, H, W)}, pixels in (0, 1), of latent codes {@code (n, K)}; in the codes' manager. */
    public NDArray decode(NDArray latents) {
        NDArray logits = decoderLayers.forward(latents);
        NDArray pixels = Activation.sigmoid(logits);
        if (logits != latents) {
            logits.close();
        }
        return pixels;
    }

    /** Predicted class ids (the first maximal logit) of images {@code (n, C, H, W)}. */
    public long[] predict(NDArray images) {
        try (NDArray logits = classifierLayers.forward(images); NDArray classes = logits.argMax(1)) {
            return classes.toLongArray();
        }
    }

    @Override
    public void close() {
        try {
            vae.close();
        } finally {
            classifier.close();
        }
    }

    private static String describe(ImageInput input) {
        return input.channels() + "×" + input.size() + "×" + input.size();
    }
}
