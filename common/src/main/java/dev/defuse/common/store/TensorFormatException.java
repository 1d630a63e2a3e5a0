package dev.defuse.common.store;

/** Bytes that are not a valid DFT1 tensor (bad magic, unknown dtype, bad shape, truncated, trailing bytes). */
public class TensorFormatException extends ObjectStoreException {

    public TensorFormatException(String source, String problem) {
        super(source + " is not a valid DFT1 tensor: " + problem);
    }
}
