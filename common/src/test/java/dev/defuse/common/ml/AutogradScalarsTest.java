package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.defuse.common.ml.arch.BetaVaeBlock;
import dev.defuse.common.ml.train.BetaVaeLoss;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the β-VAE objective stay exact when the garbage collector runs between the forward and the backward
 * pass. DJL's {@code mul(Number)} & co. free their scalar operand's memory once the GC collects it, while autograd
 * still needs it (see {@link Scalar}); these checks recycle that memory with a marker value before
 * {@code backward}, so a reintroduced {@code mul(0.5f)} shows up as a wrong gradient.
 */
class AutogradScalarsTest {

    private static final float MARKER = 12345f;
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = TorchRuntime.start(TorchSettings.defaults());
    }

    @Test
    void klGradientIsMuAndHalfOfExpLogVarMinusOne() {
        float[] mu = {0.5f, -1f};
        float[] logVar = {0.2f, -0.7f};
        float[] gradMu = gradient(mu, m -> BetaVaeLoss.klPerImage(m, m.getManager().create(logVar, new Shape(1, 2))));
        float[] gradLogVar = gradient(logVar,
                lv -> BetaVaeLoss.klPerImage(lv.getManager().create(mu, new Shape(1, 2)), lv));
        for (int i = 0; i < 2; i++) {
            assertThat(gradMu[i]).isCloseTo(mu[i], within(1e-6f));
            assertThat(gradLogVar[i]).isCloseTo((float) (0.5 * (Math.exp(logVar[i]) - 1)), within(1e-6f));
        }
    }

    @Test
    void bceGradientIsSigmoidMinusTarget() {
        float[] logits = {-2f, 0.3f};
        float[] target = {0.25f, 1f};
        float[] grad = gradient(logits,
                l -> BetaVaeLoss.bcePerImage(l, l.getManager().create(target, new Shape(1, 2))));
        for (int i = 0; i < 2; i++) {
            assertThat(grad[i]).isCloseTo((float) (1 / (1 + Math.exp(-logits[i])) - target[i]), within(1e-6f));
        }
    }

    @Test
    void reparameterisationGradientIsHalfSigmaTimesNoise() {
        float[] logVar = {0.4f, -1.2f};
        float[] eps = {0.7f, -1.5f};
        float[] grad = gradient(logVar, lv -> BetaVaeBlock.sample(lv.getManager().zeros(new Shape(1, 2)), lv,
                lv.getManager().create(eps, new Shape(1, 2))));
        for (int i = 0; i < 2; i++) {
            assertThat(grad[i]).isCloseTo((float) (0.5 * Math.exp(0.5 * logVar[i]) * eps[i]), within(1e-6f));
        }
    }

    /** d(sum f(x))/dx at {@code values}, with the GC run and freed memory recycled before the backward pass. */
    private static float[] gradient(float[] values, Function<NDArray, NDArray> f) {
        try (NDManager manager = engine.newBaseManager()) {
            NDArray x = manager.create(values, new Shape(1, values.length));
            x.setRequiresGradient(true);
            List<ByteBuffer> recycled = new ArrayList<>();
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                collectGarbageAndRecycle(recycled);
                collector.backward(y);
            }
            assertThat(recycled).isNotEmpty();
            return x.getGradient().toFloatArray();
        }
    }

    private static void collectGarbageAndRecycle(List<ByteBuffer> recycled) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = 0; i < 2000; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(Float.BYTES).order(ByteOrder.nativeOrder());
            buffer.putFloat(0, MARKER);
            recycled.add(buffer);
        }
    }
}
