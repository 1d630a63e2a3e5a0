package dev.defuse.common.ml.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.arch.ModelArchitecture;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoader;
import dev.defuse.common.ml.model.ParameterChecksums;
import dev.defuse.common.ml.model.ParameterCodec;

/** A DJL model and its trainer for one training run; closes both. */
final class TrainingSession implements AutoCloseable {

    /** Parameters of one epoch, kept in memory so the best epoch can be returned after later ones. */
    record Snapshot(byte[] blob, ParameterChecksums checksums) {
    }

    private final Model model;
    private final Trainer trainer;
    private final Engine engine;

    private TrainingSession(Model model, Loss loss, Optimizer optimizer, ModelArchitecture architecture) {
        this.model = model;
        this.engine = model.getNDManager().getEngine();
        Trainer created = null;
        try {
            created = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(optimizer));
            created.initialize(architecture.initShape());
            // Loaded parameters get their gradient in initialize(); make sure, fine-tuning depends on it.
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                if (p.getValue().requiresGradient() && !p.getValue().getArray().hasGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            model.close();
            throw e;
        }
        this.trainer = created;
    }

    /**
     * A run from freshly initialised weights (DJL's defaults: Xavier-uniform weights, zero biases); {@code seed}
     * fixes them.
     */
    static TrainingSession fresh(ModelArchitecture architecture, String name, Loss loss, Optimizer optimizer, long seed) {
        TorchRuntime.seed(TorchRuntime.engine(), seed);
        return new TrainingSession(ModelLoader.newModel(architecture, name), loss, optimizer, architecture);
    }

    /** A run continuing from a stored model's verified parameters. */
    static TrainingSession from(ModelArtifact base, Loss loss, Optimizer optimizer, long seed) {
        TorchRuntime.seed(TorchRuntime.engine(), seed);
        return new TrainingSession(ModelLoader.load(base), loss, optimizer, base.manifest().architecture());
    }

    Trainer trainer() {
        return trainer;
    }

    Block block() {
        return model.getBlock();
    }

    /** A manager for one batch's arrays; close it after the batch so native memory is freed at once. */
    NDManager newBatchManager() {
        return trainer.getManager().newSubManager();
    }

    String engineDescription() {
        return TorchRuntime.describe(engine);
    }

    /** The current parameters, serialised, with their checksums. */
    Snapshot snapshot() {
        byte[] blob = ParameterCodec.save(model.getBlock());
        return new Snapshot(blob, ParameterCodec.checksums(model.getBlock(), blob));
    }

    @Override
    public void close() {
        try {
            trainer.close();
        } finally {
            model.close();
        }
    }
}
