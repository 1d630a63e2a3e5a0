package dev.defuse.common.data;

/** A dataset file is truncated or corrupt; the message names the file and what is wrong with it. */
public class DatasetFormatException extends RuntimeException {

    private final String file;

    public DatasetFormatException(String file, String problem) {
        this(file, problem, null);
    }

    public DatasetFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file (path or object key) that is wrong. */
    public String file() {
        return file;
    }
}
