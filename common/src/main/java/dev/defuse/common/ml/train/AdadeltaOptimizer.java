package dev.defuse.common.ml.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adadelta (Zeiler 2012) as PyTorch implements it, written with plain array operations: DJL 0.36's own
 * {@code Adadelta} throws "not supported for PyTorch engine". Per parameter:
 * v ← ρ·v + (1−ρ)·g²;  Δ ← √(u + ε) / √(v + ε) · g;  u ← ρ·u + (1−ρ)·Δ²;  w ← w − lr·Δ.
 */
final class AdadeltaOptimizer extends Optimizer {

    private final ParameterTracker learningRate;
    private final float rho;
    private final float epsilon;
    private final Map<String, Map<Device, NDArray>> squaredGradients = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> squaredUpdates = new ConcurrentHashMap<>();

    AdadeltaOptimizer(ParameterTracker learningRate, float rho, float epsilon) {
        super(new Builder());
        this.learningRate = learningRate;
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float rate = learningRate.getNewValue(parameterId, updateCount(parameterId));
        NDArray v = withDefaultState(squaredGradients, parameterId, weight.getDevice(), k -> weight.zerosLike());
        NDArray u = withDefaultState(squaredUpdates, parameterId, weight.getDevice(), k -> weight.zerosLike());
        // Every temporary is closed here: they live in the parameters' manager, which lasts the whole training.
        try (NDArray g = grad.mul(rescaleGrad);
             NDArray g2 = g.square();
             NDArray delta = u.add(epsilon);
             NDArray denominator = v.muli(rho).addi(g2.muli(1 - rho)).add(epsilon)) {
            delta.powi(0.5f).divi(denominator.powi(0.5f)).muli(g);
            try (NDArray delta2 = delta.square()) {
                u.muli(rho).addi(delta2.muli(1 - rho));
            }
            weight.subi(delta.muli(rate));
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
