package dev.defuse.identify.ml;

import ai.djl.Model;
import dev.defuse.common.ml.model.ModelLoader;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.util.Require;

/**
 * Loads a stored model the way a shard will, and closes it again: the object store verifies the blob's own checksum,
 * {@link ModelLoader} its SHA-256 against the manifest, every parameter's shape against the manifest's architecture
 * and the loaded values against its digest. Job submission runs it so that a damaged model, or a manifest that does
 * not describe its parameters (e.g. another latent size), is refused with a 400 instead of failing every shard later.
 */
public final class ModelVerifier {

    private final ModelRepository repository;

    public ModelVerifier(ModelRepository repository) {
        this.repository = Require.nonNull(repository, "repository");
    }

    /**
     * Verifies one model.
     *
     * @throws dev.defuse.common.ml.model.ModelNotFoundException    if it is gone
     * @throws dev.defuse.common.ml.model.ModelLoadException        if its parameters do not match its manifest
     * @throws dev.defuse.common.store.ChecksumMismatchException    if the stored bytes do not match their checksum
     */
    public void verify(String modelId) {
        try (Model loaded = ModelLoader.load(repository.load(modelId))) {
            // loading is the check; the native memory is freed here
            Require.nonNull(loaded.getBlock(), "block of " + modelId);
        }
    }
}
