package dev.defuse.common.events;

import dev.defuse.common.util.Require;

/**
 * A reference from an event to a tensor object in the object store: its key and the SHA-256 of the object's
 * bytes, so a reader can tell the object it reads is the one the event describes.
 */
public record TensorRef(String key, String sha256) {

    public TensorRef {
        Require.nonBlank(key, "tensor key");
        Require.sha256Hex(sha256, "tensor sha256");
    }
}
