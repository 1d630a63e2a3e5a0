package dev.defuse.common.ml.model;

import dev.defuse.common.util.Require;

/**
 * What a stored parameter blob must be, recorded in the manifest and checked on every load.
 *
 * @param sha256      SHA-256 of the blob's bytes (the object store checks its own copy; this ties the blob to
 *                    the manifest, so a manifest never loads another model's weights)
 * @param bytes       blob length
 * @param tensors     number of parameter tensors
 * @param scalars     number of parameter values
 * @param valueDigest SHA-256 over every parameter's name, shape and little-endian float32 values in block order,
 *                    recomputed from the loaded arrays: proves every weight was actually read into the block
 */
public record ParameterChecksums(String sha256, long bytes, int tensors, long scalars, String valueDigest) {

    public ParameterChecksums {
        Require.sha256Hex(sha256, "parameters sha256");
        Require.positive(bytes, "parameters bytes");
        Require.positive(tensors, "parameter tensors");
        Require.positive(scalars, "parameter scalars");
        Require.sha256Hex(valueDigest, "parameter value digest");
    }
}
