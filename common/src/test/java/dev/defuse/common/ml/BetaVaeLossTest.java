package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.defuse.common.ml.train.BetaVaeLoss;
import dev.defuse.common.ml.train.VaeTrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The β-VAE objective and the KL annealing schedule against hand-computed values. */
class BetaVaeLossTest {

    @BeforeAll
    static void engine() {
        TorchRuntime.start(TorchSettings.defaults());
    }

    @Test
    void bceWithLogitsIsSummedOverPixelsPerImage() {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            // one image of 2 pixels: logits 0 and 2, targets 1 and 0.25
            NDArray logits = m.create(new float[] {0f, 2f}, new Shape(1, 1, 1, 2));
            NDArray images = m.create(new float[] {1f, 0.25f}, new Shape(1, 1, 1, 2));
            double p = 1 / (1 + Math.exp(-2));
            double expected = -Math.log(0.5) - (0.25 * Math.log(p) + 0.75 * Math.log(1 - p));
            assertThat(BetaVaeLoss.bcePerImage(logits, images).toFloatArray())
                    .containsExactly(new float[] {(float) expected}, within(1e-5f));
        }
    }

    @Test
    void bceStaysFiniteForSaturatedLogits() {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            NDArray logits = m.create(new float[] {-200f, 200f}, new Shape(1, 2));
            NDArray images = m.create(new float[] {1f, 0f}, new Shape(1, 2));
            assertThat(BetaVaeLoss.bcePerImage(logits, images).getFloat(0)).isCloseTo(400f, within(1e-3f));
        }
    }

    @Test
    void klIsZeroForTheStandardNormalAndGrowsWithTheMean() {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            NDArray mu = m.create(new float[] {0f, 0f, 1f, 2f}, new Shape(2, 2));
            NDArray logVar = m.create(new float[] {0f, 0f, 0f, (float) Math.log(4)}, new Shape(2, 2));
            // KL = ½ Σ (σ² + μ² − 1 − log σ²): second image ½(1 + 1 − 1 − 0) + ½(4 + 4 − 1 − log 4)
            double second = 0.5 + 0.5 * (7 - Math.log(4));
            assertThat(BetaVaeLoss.klPerImage(mu, logVar).toFloatArray())
                    .containsExactly(new float[] {0f, (float) second}, within(1e-5f));
        }
    }

    @Test
    void objectiveIsMeanBcePlusBetaTimesMeanKl() {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            NDArray images = m.create(new float[] {1f, 0f}, new Shape(2, 1));
            NDArray logits = m.create(new float[] {0f, 0f}, new Shape(2, 1));
            NDArray mu = m.create(new float[] {1f, 0f}, new Shape(2, 1));
            NDArray logVar = m.zeros(new Shape(2, 1));
            float loss = new BetaVaeLoss(4).evaluate(new NDList(images), new NDList(logits, mu, logVar)).getFloat();
            assertThat(loss).isCloseTo((float) (Math.log(2) + 4 * 0.25), within(1e-5f));
        }
    }

    @Test
    void betaRisesLinearlyDuringAnnealingThenStays() {
        VaeTrainingConfig config = VaeTrainingConfig.defaults().withBeta(4).withKlAnnealSteps(100);
        assertThat(config.betaAt(0)).isZero();
        assertThat(config.betaAt(25)).isEqualTo(1.0);
        assertThat(config.betaAt(100)).isEqualTo(4.0);
        assertThat(config.betaAt(10_000)).isEqualTo(4.0);
        assertThat(config.withKlAnnealSteps(0).betaAt(0)).isEqualTo(4.0);
    }
}
