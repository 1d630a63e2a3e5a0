package dev.defuse.common.store;

/**
 * The bytes read do not have the SHA-256 recorded when the object was written (or the object is not the version an
 * event refers to): the object is corrupt or was replaced, and its contents must not be used.
 */
public class ChecksumMismatchException extends ObjectStoreException {

    private final String key;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String key, String expected, String actual) {
        this(key, expected, actual, "content of object '" + key + "' does not match its checksum: expected sha256 "
                + expected + ", read " + actual);
    }

    private ChecksumMismatchException(String key, String expected, String actual, String message) {
        super(message);
        this.key = key;
        this.expected = expected;
        this.actual = actual;
    }

    /** The stored object's checksum differs from the one a reference (e.g. an event's tensor ref) expects. */
    public static ChecksumMismatchException replaced(String key, String expected, String stored) {
        return new ChecksumMismatchException(key, expected, stored, "object '" + key
                + "' is not the version referenced: expected sha256 " + expected + ", stored object has " + stored);
    }

    public String key() {
        return key;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
