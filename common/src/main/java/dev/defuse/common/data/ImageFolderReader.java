package dev.defuse.common.data;

import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads an image-folder dataset: one sub-folder per class under a root, holding PNG or JPEG files (grayscale or
 * colour, any size; files in nested folders count for the class of their top folder). Every image is converted to
 * the target's channels (RGB → gray by ITU-R BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B}; gray → RGB by
 * repetition; alpha is ignored), resized to the target's height × width (antialiased bilinear, see
 * {@link ImageResampler}) and normalised to [0, 1]. Images are ordered by class id, then by path. Hidden files
 * (starting with '.') and files with other extensions are skipped.
 *
 * <h2>Class ids</h2>
 * Class ids are explicit, and come from the first of:
 * <ol>
 *   <li>a mapping passed to the constructor (folder name → {@link ClassInfo});</li>
 *   <li>a {@value #CLASSES_FILE} file in the root: one class per line, {@code <id> <folder> [display name]}
 *       separated by whitespace (the display name, the rest of the line, defaults to the folder name); blank lines
 *       and lines starting with '#' are ignored;</li>
 *   <li>the folder names: when every folder name is a decimal number, that number is the id (folders {@code 0..9}
 *       are digits 0..9, {@code 00042} is class 42); otherwise the folders sorted by name ({@link String#compareTo})
 *       get ids 0, 1, 2, …</li>
 * </ol>
 * With a mapping or {@value #CLASSES_FILE}, a class folder that is not listed is an error; a listed class without
 * a folder simply has no images. {@link LabeledImages#classes()} reports the classes used, sorted by id.
 */
public final class ImageFolderReader {

    public static final String CLASSES_FILE = "classes.txt";
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg");

    private final ImageShape target;
    private final Map<String, ClassInfo> folderClasses;

    /** Classes from {@value #CLASSES_FILE} or the folder names. */
    public ImageFolderReader(ImageShape target) {
        this.target = Require.nonNull(target, "target shape");
        this.folderClasses = null;
    }

    /** Classes from an explicit mapping of folder name to class. */
    public ImageFolderReader(ImageShape target, Map<String, ClassInfo> folderClasses) {
        this.target = Require.nonNull(target, "target shape");
        this.folderClasses = checkMapping(new LinkedHashMap<>(Require.nonNull(folderClasses, "folderClasses")),
                "class mapping");
    }

    /** Reads the dataset under a local directory. */
    public LabeledImages read(Path root) {
        Require.nonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new DatasetFormatException(root.toString(), "not a directory");
        }
        List<String> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetFormatException(root.toString(), "cannot list the folder: " + e, e);
        }
        return read(root + "/", files, relative -> {
            Path file = root.resolve(relative);
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DatasetFormatException(file.toString(), "unreadable file: " + e, e);
            }
        });
    }

    /** Reads the dataset under {@code prefix} (ending with '/') of the object store; checksums are verified. */
    public LabeledImages read(ObjectStore store, String prefix) {
        Require.nonNull(store, "store");
        Require.check(ObjectKeys.validatePrefix(prefix).endsWith("/"), "prefix must end with '/', got '" + prefix + "'");
        List<String> files = store.list(prefix).stream().map(key -> key.substring(prefix.length())).toList();
        return read(prefix, files, relative -> store.getBlob(prefix + relative));
    }

    private LabeledImages read(String rootName, List<String> files, Function<String, byte[]> load) {
        Map<String, List<String>> imagesByFolder = new HashMap<>();
        boolean hasClassesFile = false;
        for (String file : files) {
            String[] segments = file.split("/");
            if (Stream.of(segments).anyMatch(s -> s.startsWith("."))) {
                continue;
            }
            if (segments.length == 1) {
                hasClassesFile |= segments[0].equals(CLASSES_FILE);
                continue;
            }
            String name = segments[segments.length - 1];
            int dot = name.lastIndexOf('.');
            if (dot < 0 || !EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                continue;
            }
            imagesByFolder.computeIfAbsent(segments[0], k -> new ArrayList<>()).add(file);
        }
        Map<String, ClassInfo> classes;
        String mappingSource;
        if (folderClasses != null) {
            classes = folderClasses;
            mappingSource = "the class mapping";
        } else if (hasClassesFile) {
            String source = rootName + CLASSES_FILE;
            classes = parseClassesFile(new String(load.apply(CLASSES_FILE), StandardCharsets.UTF_8), source);
            mappingSource = source;
        } else {
            if (imagesByFolder.isEmpty()) {
                throw new DatasetFormatException(rootName, "no class folders with PNG or JPEG images");
            }
            classes = inferClasses(imagesByFolder.keySet());
            mappingSource = null;
        }
        for (String folder : new TreeSet<>(imagesByFolder.keySet())) {
            if (!classes.containsKey(folder)) {
                throw new DatasetFormatException(rootName + folder, "class folder '" + folder + "' is not listed in "
                        + mappingSource);
            }
        }
        List<ClassInfo> sortedClasses = classes.values().stream().sorted(Comparator.comparingInt(ClassInfo::id))
                .toList();
        List<String> ordered = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Map.Entry<String, ClassInfo> entry : classes.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> e.getValue().id())).toList()) {
            for (String file : imagesByFolder.getOrDefault(entry.getKey(), List.of())) {
                ordered.add(file);
                labels.add(entry.getValue().id());
            }
        }
        int imageSize = target.size();
        float[] pixels = new float[Math.multiplyExact(ordered.size(), imageSize)];
        for (int i = 0; i < ordered.size(); i++) {
            String file = ordered.get(i);
            float[] image = decode(load.apply(file), rootName + file, target);
            System.arraycopy(image, 0, pixels, i * imageSize, imageSize);
        }
        return new LabeledImages(target, pixels, labels.stream().mapToInt(Integer::intValue).toArray(), sortedClasses);
    }

    /** Parses a {@value #CLASSES_FILE} (see the class documentation) into folder name → class. */
    public static Map<String, ClassInfo> parseClassesFile(String content, String source) {
        Map<String, ClassInfo> classes = new LinkedHashMap<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 2 || !parts[0].matches("\\d{1,9}")) {
                throw new DatasetFormatException(source, "line " + (i + 1) + " is not '<id> <folder> [name]': '"
                        + line + "'");
            }
            String folder = parts[1];
            String name = parts.length == 3 ? parts[2].strip() : folder;
            if (classes.put(folder, new ClassInfo(Integer.parseInt(parts[0]), name)) != null) {
                throw new DatasetFormatException(source, "line " + (i + 1) + ": folder '" + folder
                        + "' is listed twice");
            }
        }
        if (classes.isEmpty()) {
            throw new DatasetFormatException(source, "lists no classes");
        }
        return checkMapping(classes, source);
    }

    /**
     * Class ids from folder names: numeric names are their own ids, otherwise sorted names get 0, 1, 2, … (see the
     * class documentation).
     */
    public static Map<String, ClassInfo> inferClasses(Collection<String> folders) {
        Map<String, ClassInfo> classes = new LinkedHashMap<>();
        boolean numeric = folders.stream().allMatch(f -> f.matches("\\d{1,9}"));
        if (numeric) {
            folders.stream().sorted(Comparator.comparingInt(Integer::parseInt))
                    .forEach(f -> classes.put(f, new ClassInfo(Integer.parseInt(f), f)));
        } else {
            List<String> sorted = folders.stream().sorted().toList();
            for (int id = 0; id < sorted.size(); id++) {
                classes.put(sorted.get(id), new ClassInfo(id, sorted.get(id)));
            }
        }
        return checkMapping(classes, "folder names " + new TreeSet<>(folders));
    }

    private static Map<String, ClassInfo> checkMapping(Map<String, ClassInfo> classes, String source) {
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, ClassInfo> e : classes.entrySet()) {
            Require.nonBlank(e.getKey(), "class folder");
            Require.nonNull(e.getValue(), "class of folder " + e.getKey());
            if (!ids.add(e.getValue().id())) {
                throw new DatasetFormatException(source, "class id " + e.getValue().id() + " is used twice");
            }
            if (!names.add(e.getValue().name())) {
                throw new DatasetFormatException(source, "class name '" + e.getValue().name() + "' is used twice");
            }
        }
        return classes;
    }

    /**
     * Decodes one PNG/JPEG image to {@code target}'s channels and size, normalised to [0, 1], in CHW order.
     *
     * @param name the file's path or key, for error messages
     */
    public static float[] decode(byte[] bytes, String name, ImageShape target) {
        BufferedImage image;
        try {
            // in memory, no temp-file cache; ImageIO.read closes the stream
            ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(name, "unreadable image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DatasetFormatException(name, "unreadable image: not a PNG or JPEG file");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        float[][] planes = sourcePlanes(image);
        float[][] converted = convertChannels(planes, target.channels());
        float[] out = new float[target.size()];
        int planeSize = target.height() * target.width();
        for (int c = 0; c < converted.length; c++) {
            float[] resized = ImageResampler.resize(converted[c], height, width, target.height(), target.width());
            System.arraycopy(resized, 0, out, c * planeSize, planeSize);
        }
        return out;
    }

    /** One plane for grayscale images (exact sample values, any bit depth), three (sRGB) otherwise. */
    private static float[][] sourcePlanes(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel)) {
            Raster raster = image.getRaster();
            float max = (float) ((1L << model.getComponentSize(0)) - 1);
            float[] gray = new float[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    gray[y * width + x] = raster.getSample(x, y, 0) / max;
                }
            }
            return new float[][]{gray};
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        float[][] rgb = new float[3][width * height];
        for (int i = 0; i < argb.length; i++) {
            rgb[0][i] = ((argb[i] >> 16) & 0xff) / 255f;
            rgb[1][i] = ((argb[i] >> 8) & 0xff) / 255f;
            rgb[2][i] = (argb[i] & 0xff) / 255f;
        }
        return rgb;
    }

    private static float[][] convertChannels(float[][] planes, int channels) {
        if (planes.length == channels) {
            return planes;
        }
        if (channels == 3) {
            return new float[][]{planes[0], planes[0], planes[0]};
        }
        float[] gray = new float[planes[0].length];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (float) Math.min(1.0, 0.299 * planes[0][i] + 0.587 * planes[1][i] + 0.114 * planes[2][i]);
        }
        return new float[][]{gray};
    }
}
