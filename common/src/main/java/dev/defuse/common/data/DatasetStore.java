package dev.defuse.common.data;

import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.StoredObject;
import dev.defuse.common.util.Require;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Datasets in the object store: upload a local dataset directory under a prefix, and load a {@link DatasetRef}'s
 * split — {@link MnistDataset} layout for {@link DatasetFormat#IDX}, {@code train/} and {@code test/} image folders
 * (optional {@code classes.txt} in the dataset root or the split folder) for {@link DatasetFormat#IMAGE_FOLDER}.
 */
public final class DatasetStore {

    private final ObjectStore store;

    public DatasetStore(ObjectStore store) {
        this.store = Require.nonNull(store, "store");
    }

    /**
     * Uploads every regular file under {@code directory} to {@code prefix + relative path} (hidden files skipped),
     * each with its checksum; returns what was written, in path order.
     */
    public List<StoredObject> upload(Path directory, String prefix) {
        Require.check(Files.isDirectory(directory), directory + " is not a directory");
        Require.check(ObjectKeys.validatePrefix(prefix).endsWith("/"), "prefix must end with '/', got '" + prefix + "'");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(directory.relativize(p).toString().split("/")).noneMatch(s -> s.startsWith(".")))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetFormatException(directory.toString(), "cannot list the folder: " + e, e);
        }
        List<StoredObject> written = new ArrayList<>();
        for (Path file : files) {
            written.add(store.putFile(prefix + directory.relativize(file).toString().replace('\\', '/'), file));
        }
        return written;
    }

    /**
     * Loads one split of a dataset; IDX images must have the ref's shape (their classes are the digits), image
     * folders are resized to it.
     */
    public LabeledImages load(DatasetRef ref, DatasetSplit split) {
        return load(ref, split, null);
    }

    /**
     * Loads one split of a job's dataset with the job's classes: IDX labels are read as those class ids; an image
     * folder's classes ({@code classes.txt} or folder names) must be exactly those classes.
     */
    public LabeledImages load(DatasetRef ref, DatasetSplit split, List<ClassInfo> classes) {
        Require.nonNull(ref, "ref");
        Require.nonNull(split, "split");
        LabeledImages images = switch (ref.format()) {
            case IDX -> MnistDataset.load(store, ref.prefix(), split, classes != null ? classes : MnistDataset.CLASSES);
            case IMAGE_FOLDER -> loadImageFolder(ref, split);
        };
        if (classes != null && !new HashSet<>(images.classes()).equals(new HashSet<>(classes))) {
            throw new DatasetFormatException(ref.prefix() + split.folderName() + "/", "the dataset's classes "
                    + images.classes() + " are not the expected classes " + classes);
        }
        if (!images.shape().equals(ref.imageShape())) {
            throw new DatasetFormatException(ref.prefix(), "images are " + images.shape() + " but the dataset ref says "
                    + ref.imageShape());
        }
        return images;
    }

    private LabeledImages loadImageFolder(DatasetRef ref, DatasetSplit split) {
        String splitPrefix = ref.prefix() + split.folderName() + "/";
        String rootClasses = ref.prefix() + ImageFolderReader.CLASSES_FILE;
        ImageFolderReader reader;
        if (store.exists(splitPrefix + ImageFolderReader.CLASSES_FILE) || !store.exists(rootClasses)) {
            reader = new ImageFolderReader(ref.imageShape());
        } else {
            // one classes.txt for both splits keeps train and test ids identical
            String content = new String(store.getBlob(rootClasses), StandardCharsets.UTF_8);
            reader = new ImageFolderReader(ref.imageShape(),
                    ImageFolderReader.parseClassesFile(content, rootClasses));
        }
        return reader.read(store, splitPrefix);
    }
}
