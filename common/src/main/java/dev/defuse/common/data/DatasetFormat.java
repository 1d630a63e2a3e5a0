package dev.defuse.common.data;

/** How a dataset is stored. */
public enum DatasetFormat {
    /**
     * MNIST-format IDX files, gzip or raw: {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]},
     * {@code t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]}.
     */
    IDX,
    /**
     * Image folders: {@code train/<class>/*.png|jpg} and {@code test/<class>/*.png|jpg}, optional {@code classes.txt}
     * (see {@link ImageFolderReader}).
     */
    IMAGE_FOLDER
}
