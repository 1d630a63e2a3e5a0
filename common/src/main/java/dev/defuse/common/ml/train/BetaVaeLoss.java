package dev.defuse.common.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.defuse.common.ml.Scalar;

/**
 * The β-VAE objective for pixels in [0, 1]: binary cross-entropy between the image and the decoder's logits,
 * summed over pixels, plus β times the KL divergence of q(z|x) = N(μ, σ²) from N(0, I); both averaged over the
 * batch. {@link #evaluate} takes labels {@code (images)} and predictions {@code (logits, μ, log σ²)} as returned by
 * {@code BetaVaeBlock.forward}.
 */
public final class BetaVaeLoss extends Loss {

    private final double beta;

    public BetaVaeLoss(double beta) {
        super("beta_vae_loss");
        this.beta = beta;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray bce = bcePerImage(predictions.get(0), labels.singletonOrThrow()).mean();
        NDArray kl = klPerImage(predictions.get(1), predictions.get(2)).mean();
        return bce.add(kl.mul(Scalar.of(kl, (float) beta)));
    }

    /**
     * BCE(x, sigmoid(l)) summed over each image's pixels, in the stable form max(l, 0) − l·x + log(1 + e^−|l|).
     *
     * @return shape {@code (batch)}
     */
    public static NDArray bcePerImage(NDArray logits, NDArray images) {
        NDArray one = Scalar.of(logits, 1f);
        NDArray perPixel = logits.maximum(Scalar.of(logits, 0f)).sub(logits.mul(images))
                .add(logits.abs().neg().exp().add(one).log());
        return perPixel.reshape(perPixel.getShape().get(0), -1).sum(new int[] {1});
    }

    /**
     * KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_k (1 + log σ²_k − μ²_k − σ²_k) per image.
     *
     * @return shape {@code (batch)}
     */
    public static NDArray klPerImage(NDArray mu, NDArray logVar) {
        return logVar.add(Scalar.of(logVar, 1f)).sub(mu.square()).sub(logVar.exp()).sum(new int[] {1})
                .mul(Scalar.of(logVar, -0.5f));
    }
}
