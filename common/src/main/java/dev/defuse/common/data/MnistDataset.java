package dev.defuse.common.data;

import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * MNIST in IDX format: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each gzip-compressed ({@code .gz}) or raw, in a local directory (the repository
 * ships them in {@value #DEFAULT_DIRECTORY}) or under an object-store prefix (e.g. {@code datasets/mnist/}).
 * Classes are the digits: id d, name "d".
 */
public final class MnistDataset {

    /** Where the repository keeps MNIST, relative to its root. */
    public static final String DEFAULT_DIRECTORY = "datasets/mnist";
    /** The ten digits, id = digit. */
    public static final List<ClassInfo> CLASSES = IntStream.range(0, 10)
            .mapToObj(d -> new ClassInfo(d, Integer.toString(d))).toList();
    private static final String GZIP_SUFFIX = ".gz";

    private MnistDataset() {
    }

    /** File name (without {@code .gz}) of a split's images, e.g. {@code train-images-idx3-ubyte}. */
    public static String imagesFile(DatasetSplit split) {
        return split.idxPrefix() + "-images-idx3-ubyte";
    }

    /** File name (without {@code .gz}) of a split's labels, e.g. {@code t10k-labels-idx1-ubyte}. */
    public static String labelsFile(DatasetSplit split) {
        return split.idxPrefix() + "-labels-idx1-ubyte";
    }

    public static LabeledImages train(Path directory) {
        return load(directory, DatasetSplit.TRAIN);
    }

    public static LabeledImages test(Path directory) {
        return load(directory, DatasetSplit.TEST);
    }

    /** Loads a split from a local directory ({@code .gz} preferred when both forms are present). */
    public static LabeledImages load(Path directory, DatasetSplit split) {
        Require.nonNull(directory, "directory");
        return IdxReader.read(localFile(directory, imagesFile(split)), localFile(directory, labelsFile(split)), CLASSES);
    }

    /** Loads a split from the object store under {@code prefix} (ending with '/'); checksums are verified. */
    public static LabeledImages load(ObjectStore store, String prefix, DatasetSplit split) {
        return load(store, prefix, split, CLASSES);
    }

    /**
     * Loads a split of any dataset in MNIST's IDX layout (e.g. Fashion-MNIST) with its own classes; labels must be
     * class ids.
     */
    public static LabeledImages load(ObjectStore store, String prefix, DatasetSplit split, List<ClassInfo> classes) {
        Require.nonNull(store, "store");
        Require.check(prefix.endsWith("/"), "prefix must end with '/', got '" + prefix + "'");
        String images = storedKey(store, prefix, imagesFile(split));
        String labels = storedKey(store, prefix, labelsFile(split));
        // whole objects (compressed, a fraction of the decoded pixels): the checksum is verified before parsing
        return IdxReader.read(new ByteArrayInputStream(store.getBlob(images)), images,
                new ByteArrayInputStream(store.getBlob(labels)), labels, classes);
    }

    private static Path localFile(Path directory, String name) {
        Path gz = directory.resolve(name + GZIP_SUFFIX);
        if (Files.exists(gz)) {
            return gz;
        }
        Path raw = directory.resolve(name);
        if (Files.exists(raw)) {
            return raw;
        }
        throw new DatasetFormatException(gz.toString(), "file not found (nor " + raw.getFileName() + ")");
    }

    private static String storedKey(ObjectStore store, String prefix, String name) {
        String gz = prefix + name + GZIP_SUFFIX;
        if (store.exists(gz)) {
            return gz;
        }
        String raw = prefix + name;
        if (store.exists(raw)) {
            return raw;
        }
        throw new ObjectNotFoundException(store.bucket(), gz);
    }
}
