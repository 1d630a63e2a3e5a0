package dev.defuse.common.store;

/** The object does not exist. */
public class ObjectNotFoundException extends ObjectStoreException {

    private final String key;

    public ObjectNotFoundException(String bucket, String key) {
        super("object '" + key + "' not found in bucket '" + bucket + "'");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
