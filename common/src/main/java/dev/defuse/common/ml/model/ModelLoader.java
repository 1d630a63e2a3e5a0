package dev.defuse.common.ml.model;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.arch.ModelArchitecture;

/** Builds DJL models from architectures and stored artifacts. */
public final class ModelLoader {

    private ModelLoader() {
    }

    /**
     * A new model with an uninitialised block of {@code architecture} on the engine's default device (the GPU when
     * libtorch has one, else the CPU). The caller closes it.
     */
    public static Model newModel(ModelArchitecture architecture, String name) {
        TorchRuntime.engine();
        Model model = Model.newInstance(name, (ai.djl.Device) null, TorchRuntime.ENGINE_NAME);
        model.setBlock(architecture.newBlock());
        return model;
    }

    /**
     * A model holding the artifact's parameters, verified against its manifest (blob checksum, exact stream
     * consumption, parameter shapes, value digest). The caller closes it.
     *
     * @throws ModelLoadException if the parameters are damaged or belong to another architecture
     */
    public static Model load(ModelArtifact artifact) {
        ModelManifest manifest = artifact.manifest();
        ModelArchitecture architecture = manifest.architecture();
        Model model = newModel(architecture, manifest.modelId());
        try {
            Block block = model.getBlock();
            block.initialize(model.getNDManager(), DataType.FLOAT32, architecture.initShape());
            ParameterCodec.load(block, model.getNDManager(), artifact.parameters(), manifest.parameters(),
                    "model " + manifest.modelId());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
