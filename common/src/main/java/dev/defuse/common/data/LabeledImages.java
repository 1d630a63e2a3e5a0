package dev.defuse.common.data;

import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.Sha256;
import dev.defuse.common.util.Require;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Images with class labels: {@code size()} images of one {@link ImageShape}, pixels normalised to [0, 1] in NCHW
 * order (image, channel, row, column) in one array, an int label per image, and the dataset's explicit classes.
 *
 * <p>The pixel array is wrapped, not copied ({@link #pixels()} is the backing array; do not modify it). Subsets and
 * splits copy the selected images.
 */
public final class LabeledImages {

    private final ImageShape shape;
    private final float[] pixels;
    private final int[] labels;
    private final List<ClassInfo> classes;

    /** A batch of consecutive images: {@code size} images from {@code offset}, pixels NCHW (copies). */
    public record Batch(int offset, ImageShape shape, float[] pixels, int[] labels) {
        public int size() {
            return labels.length;
        }

        /** The pixels as a tensor {@code [size, channels, height, width]}. */
        public FloatTensor tensor() {
            return new FloatTensor(new int[]{labels.length, shape.channels(), shape.height(), shape.width()}, pixels);
        }
    }

    /** Two disjoint parts of a dataset. */
    public record Split(LabeledImages first, LabeledImages second) {
    }

    public LabeledImages(ImageShape shape, float[] pixels, int[] labels, List<ClassInfo> classes) {
        this.shape = Require.nonNull(shape, "shape");
        this.pixels = Require.nonNull(pixels, "pixels");
        this.classes = List.copyOf(Require.nonEmpty(classes, "classes"));
        Require.nonNull(labels, "labels");
        Require.check((long) labels.length * shape.size() == pixels.length, labels.length + " images of shape "
                + shape + " need " + (long) labels.length * shape.size() + " pixels, got " + pixels.length);
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (ClassInfo c : this.classes) {
            Require.check(ids.add(c.id()), "class id " + c.id() + " appears twice");
            Require.check(names.add(c.name()), "class name '" + c.name() + "' appears twice");
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            Require.check(ids.contains(label), "label " + label + " of image " + i + " is not a class id " + ids);
        }
        for (int i = 0; i < pixels.length; i++) {
            float p = pixels[i];
            if (!(p >= 0f && p <= 1f)) {
                throw new IllegalArgumentException("pixel " + (i % shape.size()) + " of image " + (i / shape.size())
                        + " is " + p + ", outside [0, 1]");
            }
        }
        this.labels = labels.clone();
    }

    public int size() {
        return labels.length;
    }

    public ImageShape shape() {
        return shape;
    }

    public int channels() {
        return shape.channels();
    }

    public int height() {
        return shape.height();
    }

    public int width() {
        return shape.width();
    }

    /** Values per image. */
    public int imageSize() {
        return shape.size();
    }

    /** The backing pixel array (NCHW, not a copy). */
    public float[] pixels() {
        return pixels;
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    public int label(int index) {
        return labels[Require.index(index, labels.length, "image index")];
    }

    public List<ClassInfo> classes() {
        return classes;
    }

    /** A copy of image {@code index} (CHW). */
    public float[] image(int index) {
        Require.index(index, labels.length, "image index");
        return Arrays.copyOfRange(pixels, index * imageSize(), (index + 1) * imageSize());
    }

    /** Number of images per class id, indexed by class id (length = largest id + 1). */
    public int[] labelCounts() {
        int maxId = classes.stream().mapToInt(ClassInfo::id).max().orElse(0);
        int[] counts = new int[maxId + 1];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** All images as one tensor {@code [n, channels, height, width]} sharing the pixel array. */
    public FloatTensor toTensor() {
        return new FloatTensor(new int[]{size(), channels(), height(), width()}, pixels);
    }

    /** Consecutive batches of {@code batchSize} images (the last one may be smaller), in order. */
    public Iterable<Batch> batches(int batchSize) {
        Require.positive(batchSize, "batchSize");
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = next;
                int to = Math.min(size(), from + batchSize);
                next = to;
                return new Batch(from, shape, Arrays.copyOfRange(pixels, from * imageSize(), to * imageSize()),
                        Arrays.copyOfRange(labels, from, to));
            }
        };
    }

    /** The images at {@code indices}, in that order (copies). */
    public LabeledImages subset(int[] indices) {
        Require.nonNull(indices, "indices");
        int size = imageSize();
        float[] subsetPixels = new float[Math.multiplyExact(indices.length, size)];
        int[] subsetLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = Require.index(indices[i], labels.length, "indices[" + i + "]");
            System.arraycopy(pixels, index * size, subsetPixels, i * size, size);
            subsetLabels[i] = labels[index];
        }
        return new LabeledImages(shape, subsetPixels, subsetLabels, classes);
    }

    /** Images {@code [from, to)} (copies). */
    public LabeledImages slice(int from, int to) {
        Require.check(0 <= from && from <= to && to <= size(),
                "slice [" + from + ", " + to + ") is outside [0, " + size() + ")");
        int size = imageSize();
        return new LabeledImages(shape, Arrays.copyOfRange(pixels, from * size, to * size),
                Arrays.copyOfRange(labels, from, to), classes);
    }

    /** The images in a seeded random order. */
    public LabeledImages shuffled(long seed) {
        return subset(permutation(size(), seed));
    }

    /**
     * A seeded random split: {@code first} gets {@code round(firstFraction × size())} images, {@code second} the rest;
     * both keep the original order of their images.
     */
    public Split split(double firstFraction, long seed) {
        Require.inRange(firstFraction, 0.0, 1.0, "firstFraction");
        int firstSize = (int) Math.round(firstFraction * size());
        int[] order = permutation(size(), seed);
        int[] first = Arrays.copyOfRange(order, 0, firstSize);
        int[] second = Arrays.copyOfRange(order, firstSize, order.length);
        Arrays.sort(first);
        Arrays.sort(second);
        return new Split(subset(first), subset(second));
    }

    /** The images of both sets, {@code this} first (same shape and classes required). */
    public LabeledImages concat(LabeledImages other) {
        Require.check(shape.equals(other.shape), "cannot concatenate images of shape " + shape + " and " + other.shape);
        Require.check(classes.equals(other.classes), "cannot concatenate datasets with different classes");
        float[] joinedPixels = Arrays.copyOf(pixels, Math.addExact(pixels.length, other.pixels.length));
        System.arraycopy(other.pixels, 0, joinedPixels, pixels.length, other.pixels.length);
        int[] joinedLabels = Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, joinedLabels, labels.length, other.labels.length);
        return new LabeledImages(shape, joinedPixels, joinedLabels, classes);
    }

    /**
     * SHA-256 (hex) of the content: shape, classes (id and name), labels and pixel values (IEEE-754 bits). Equal
     * fingerprints mean equal datasets; model manifests record it as lineage.
     */
    public String fingerprint() {
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("defuse-labeled-images-v1".getBytes(StandardCharsets.US_ASCII));
        buffer.putInt(size()).putInt(channels()).putInt(height()).putInt(width()).putInt(classes.size());
        flush(digest, buffer);
        for (ClassInfo c : classes) {
            byte[] name = c.name().getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(c.id()).putInt(name.length)
                    .array());
            digest.update(name);
        }
        for (int label : labels) {
            if (buffer.remaining() < 4) {
                flush(digest, buffer);
            }
            buffer.putInt(label);
        }
        for (float pixel : pixels) {
            if (buffer.remaining() < 4) {
                flush(digest, buffer);
            }
            buffer.putFloat(pixel);
        }
        flush(digest, buffer);
        return Sha256.hex(digest);
    }

    private static void flush(MessageDigest digest, ByteBuffer buffer) {
        digest.update(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    /** A seeded Fisher-Yates permutation of {@code 0..n-1} (SplittableRandom: the same on every JVM). */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    @Override
    public String toString() {
        return "LabeledImages[" + size() + " x " + shape + ", " + classes.size() + " classes]";
    }
}
