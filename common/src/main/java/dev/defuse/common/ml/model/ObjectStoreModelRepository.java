package dev.defuse.common.ml.model;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;
import java.util.ArrayList;
import java.util.List;

/** {@link ModelRepository} in the object store's {@code models/} prefix. */
final class ObjectStoreModelRepository implements ModelRepository {

    private final ObjectStore store;

    ObjectStoreModelRepository(ObjectStore store) {
        this.store = Require.nonNull(store, "store");
    }

    @Override
    public void save(ModelArtifact artifact) {
        String id = artifact.modelId();
        artifact.verifyBlob();
        if (store.exists(ObjectKeys.modelManifest(id))) {
            ModelManifest existing = manifest(id);
            if (!existing.parameters().equals(artifact.manifest().parameters())) {
                throw new IllegalStateException("model id '" + id + "' already holds a different model at "
                        + location(id) + "; choose another id");
            }
        }
        store.putBlob(ObjectKeys.modelParams(id), artifact.parameters());
        store.putJson(ObjectKeys.modelManifest(id), artifact.manifest());
    }

    @Override
    public ModelArtifact load(String modelId) {
        ModelManifest manifest = manifest(modelId);
        byte[] blob;
        try {
            blob = store.getBlob(ObjectKeys.modelParams(modelId));
        } catch (ObjectNotFoundException e) {
            throw new ModelLoadException("model '" + modelId + "' has a manifest but no parameters at "
                    + ObjectKeys.modelParams(modelId), e);
        }
        ModelArtifact artifact = new ModelArtifact(manifest, blob);
        artifact.verifyBlob();
        return artifact;
    }

    @Override
    public ModelManifest manifest(String modelId) {
        ModelManifest manifest;
        try {
            manifest = store.getJson(ObjectKeys.modelManifest(modelId), ModelManifest.class);
        } catch (ObjectNotFoundException e) {
            throw new ModelNotFoundException(modelId, location(modelId));
        }
        return ModelRepository.requireId(manifest, modelId, location(modelId));
    }

    @Override
    public boolean exists(String modelId) {
        return store.exists(ObjectKeys.modelManifest(modelId));
    }

    @Override
    public List<ModelManifest> list() {
        List<ModelManifest> manifests = new ArrayList<>();
        for (String key : store.list(ObjectKeys.MODELS)) {
            if (key.endsWith("/" + ObjectKeys.MODEL_MANIFEST)) {
                manifests.add(store.getJson(key, ModelManifest.class));
            }
        }
        return manifests;
    }

    @Override
    public String location(String modelId) {
        return "s3://" + store.bucket() + "/" + ObjectKeys.modelPrefix(modelId) + " (" + store.config().endpoint() + ")";
    }
}
