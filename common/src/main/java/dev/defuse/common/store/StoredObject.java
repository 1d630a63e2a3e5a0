package dev.defuse.common.store;

import dev.defuse.common.events.TensorRef;
import dev.defuse.common.util.Require;

/** An object as written or stat'ed: its key, size in bytes and the SHA-256 of its content. */
public record StoredObject(String key, long size, String sha256) {

    public StoredObject {
        Require.nonBlank(key, "key");
        Require.nonNegative(size, "size");
        Require.sha256Hex(sha256, "sha256");
    }

    /** The reference an event carries to this object. */
    public TensorRef ref() {
        return new TensorRef(key, sha256);
    }
}
