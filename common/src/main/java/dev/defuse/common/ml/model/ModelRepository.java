package dev.defuse.common.ml.model;

import dev.defuse.common.store.ObjectStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Where models live: {@code models/{modelId}/params.bin} (the DJL parameter blob) and
 * {@code models/{modelId}/manifest.json}, in the object store or in a local folder with the same layout.
 *
 * <p>Saving writes the parameters first and the manifest last, so a manifest always points at complete
 * parameters; an id already holding different parameters is refused rather than overwritten. Loading verifies the
 * blob against the manifest (and, in the object store, against the object's own checksum) before returning it.
 */
public interface ModelRepository {

    /** Models in the pipeline's object store. */
    static ModelRepository objectStore(ObjectStore store) {
        return new ObjectStoreModelRepository(store);
    }

    /** Models in {@code root/{modelId}/}, for work without a running stack. */
    static ModelRepository directory(Path root) {
        return new DirectoryModelRepository(root);
    }

    /**
     * Stores a model.
     *
     * @throws IllegalStateException if the id already holds a model with different parameters
     */
    void save(ModelArtifact artifact);

    /**
     * A stored model, its blob verified against its manifest.
     *
     * @throws ModelNotFoundException if there is no such model
     * @throws ModelLoadException     if the blob does not match the manifest
     */
    ModelArtifact load(String modelId);

    /** A model's manifest only. */
    ModelManifest manifest(String modelId);

    boolean exists(String modelId);

    /** Manifests of all stored models, by id. */
    List<ModelManifest> list();

    /** Human-readable location of a model (for logs and CLI output). */
    String location(String modelId);

    /** A manifest stored under another id than its own is a mix-up, not that model. */
    static ModelManifest requireId(ModelManifest manifest, String modelId, String location) {
        if (!manifest.modelId().equals(modelId)) {
            throw new ModelLoadException("the manifest at " + location + " describes model '" + manifest.modelId()
                    + "', not '" + modelId + "'");
        }
        return manifest;
    }
}
