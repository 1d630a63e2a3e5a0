package dev.defuse.common.data;

/** The training or the test part of a dataset. */
public enum DatasetSplit {
    TRAIN("train", "train"),
    TEST("t10k", "test");

    private final String idxPrefix;
    private final String folderName;

    DatasetSplit(String idxPrefix, String folderName) {
        this.idxPrefix = idxPrefix;
        this.folderName = folderName;
    }

    /** File name prefix of the split's IDX files ({@code train} or {@code t10k}, as in the MNIST release). */
    public String idxPrefix() {
        return idxPrefix;
    }

    /** Sub-folder of the split in an image-folder dataset ({@code train} or {@code test}). */
    public String folderName() {
        return folderName;
    }
}
