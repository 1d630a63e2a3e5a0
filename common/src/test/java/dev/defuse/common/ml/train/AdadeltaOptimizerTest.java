package dev.defuse.common.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchSettings;
import org.junit.jupiter.api.Test;

/** Adadelta follows PyTorch's update rule step by step (DJL's own Adadelta does not run on the PyTorch engine). */
class AdadeltaOptimizerTest {

    @Test
    void matchesTheUpdateRuleOverSeveralSteps() {
        TorchRuntime.start(TorchSettings.defaults());
        double rho = 0.9;
        double eps = 1e-6;
        double lr = 1.0;
        double[] w = {1, 2, -3};
        double[] g = {0.5, -1, 2};
        double[] v = new double[3];
        double[] u = new double[3];
        AdadeltaOptimizer optimizer = new AdadeltaOptimizer(Tracker.fixed((float) lr), (float) rho, (float) eps);
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            NDArray weight = manager.create(new float[] {1, 2, -3});
            NDArray grad = manager.create(new float[] {0.5f, -1, 2});
            for (int step = 0; step < 5; step++) {
                optimizer.update("p", weight, grad);
                for (int i = 0; i < 3; i++) {
                    v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
                    double delta = Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps) * g[i];
                    u[i] = rho * u[i] + (1 - rho) * delta * delta;
                    w[i] -= lr * delta;
                }
                float[] actual = weight.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertThat(actual[i]).as("step %d, weight %d", step, i).isCloseTo((float) w[i], within(1e-6f));
                }
            }
        }
    }
}
