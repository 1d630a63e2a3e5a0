package dev.defuse.common.data;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.util.Require;

/**
 * A dataset in the object store: the key prefix holding its files (ending with '/', e.g. {@code datasets/mnist/}),
 * its format and the shape its images are read as (image folders are resized to it; IDX files must match it).
 */
public record DatasetRef(String prefix, DatasetFormat format, ImageShape imageShape) {

    public DatasetRef {
        Require.nonBlank(prefix, "dataset prefix");
        ObjectKeys.validatePrefix(prefix);
        Require.check(prefix.endsWith("/"), "dataset prefix must end with '/', got '" + prefix + "'");
        Require.nonNull(format, "dataset format");
        Require.nonNull(imageShape, "imageShape");
    }

    /** The MNIST files under {@code prefix} (1 × 28 × 28). */
    public static DatasetRef mnist(String prefix) {
        return new DatasetRef(prefix, DatasetFormat.IDX, ImageShape.mnist());
    }
}
