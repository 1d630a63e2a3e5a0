package dev.defuse.common.ml.model;

import dev.defuse.common.util.Require;

/**
 * A model as stored: its manifest and its DJL parameter blob. Training produces one, {@link ModelRepository}
 * stores and fetches it, the runners and the fine-tuner load it (verifying the blob against
 * {@link ModelManifest#parameters()}).
 *
 * <p>The blob array is shared, not copied: do not modify it.
 */
public record ModelArtifact(ModelManifest manifest, byte[] parameters) {

    public ModelArtifact {
        Require.nonNull(manifest, "manifest");
        Require.nonNull(parameters, "parameters");
    }

    public String modelId() {
        return manifest.modelId();
    }

    /** The same parameters with another manifest (metrics, quality, lineage added after training). */
    public ModelArtifact withManifest(ModelManifest updated) {
        Require.check(updated.parameters().equals(manifest.parameters()),
                "a new manifest must describe the same parameters");
        return new ModelArtifact(updated, parameters);
    }

    /**
     * Checks that the blob is the one the manifest describes (length and SHA-256) before anything reads it.
     *
     * @throws ModelLoadException if not
     */
    public void verifyBlob() {
        ParameterCodec.verifyBlob(parameters, manifest.parameters(), "model " + modelId());
    }
}
