package dev.defuse.common.data;

import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.util.Require;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-format IDX files: {@code idx3-ubyte} images (magic 2051, count, rows, columns, then uint8 pixels
 * row-major) and {@code idx1-ubyte} labels (magic 2049, count, then uint8 labels), big-endian header. Each file may
 * be gzip-compressed or raw; gzip is recognised by its magic bytes (1f 8b), not by the file name.
 *
 * <p>Anything wrong fails with a {@link DatasetFormatException} naming the file: bad magic, a header that does not
 * fit, truncation (with the byte offset), corrupt gzip, extra bytes after the data, an image/label count mismatch,
 * or a label that is not one of the given class ids.
 */
public final class IdxReader {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** The pixels of an IDX image file, normalised to [0, 1] ({@code count × rows × cols} values). */
    public record IdxImages(int count, int rows, int cols, float[] pixels) {
    }

    /** Reads an image file and its label file into grayscale {@link LabeledImages}. */
    public static LabeledImages read(Path images, Path labels, List<ClassInfo> classes) {
        try (InputStream imagesIn = open(images); InputStream labelsIn = open(labels)) {
            return read(imagesIn, images.toString(), labelsIn, labels.toString(), classes);
        } catch (IOException e) {
            throw new DatasetFormatException(images + " / " + labels, "cannot close: " + e, e);
        }
    }

    /**
     * Reads images and labels from streams (gzip or raw); the streams stay open.
     *
     * @param imagesName name of the image file (path or object key), for error messages
     * @param labelsName name of the label file, for error messages
     */
    public static LabeledImages read(InputStream images, String imagesName, InputStream labels, String labelsName,
                                     List<ClassInfo> classes) {
        Require.nonEmpty(classes, "classes");
        IdxImages imageData = readImages(images, imagesName);
        int[] labelData = readLabels(labels, labelsName);
        if (imageData.count() != labelData.length) {
            throw new DatasetFormatException(labelsName, "count mismatch: it has " + labelData.length
                    + " labels but " + imagesName + " has " + imageData.count() + " images");
        }
        Set<Integer> ids = classes.stream().map(ClassInfo::id).collect(Collectors.toCollection(HashSet::new));
        for (int i = 0; i < labelData.length; i++) {
            if (!ids.contains(labelData[i])) {
                throw new DatasetFormatException(labelsName, "label " + labelData[i] + " of item " + i
                        + " is out of range: not one of the class ids " + ids);
            }
        }
        return new LabeledImages(new ImageShape(1, imageData.rows(), imageData.cols()), imageData.pixels(),
                labelData, classes);
    }

    /** Reads an {@code idx3-ubyte} image file (gzip or raw); the stream stays open. */
    public static IdxImages readImages(InputStream raw, String name) {
        try (CountingInput in = CountingInput.open(raw, name)) {
            int magic = in.readInt();
            checkMagic(magic, IMAGES_MAGIC, name);
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new DatasetFormatException(name, "bad header: count " + count + ", rows " + rows + ", cols "
                        + cols);
            }
            long values = (long) count * rows * cols;
            if (values > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(name, "bad header: " + count + " images of " + rows + "x" + cols
                        + " are more pixels than one array holds");
            }
            float[] pixels = new float[(int) values];
            byte[] buffer = new byte[64 * 1024];
            int done = 0;
            while (done < pixels.length) {
                int n = Math.min(buffer.length, pixels.length - done);
                in.readFully(buffer, n, 16 + values);
                for (int i = 0; i < n; i++) {
                    pixels[done + i] = (buffer[i] & 0xff) / 255f;
                }
                done += n;
            }
            in.expectEnd();
            return new IdxImages(count, rows, cols, pixels);
        }
    }

    /** Reads an {@code idx1-ubyte} label file (gzip or raw); the stream stays open. */
    public static int[] readLabels(InputStream raw, String name) {
        try (CountingInput in = CountingInput.open(raw, name)) {
            int magic = in.readInt();
            checkMagic(magic, LABELS_MAGIC, name);
            int count = in.readInt();
            if (count < 0 || count > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(name, "bad header: count " + count);
            }
            byte[] bytes = new byte[count];
            in.readFully(bytes, count, 8L + count);
            in.expectEnd();
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        }
    }

    private static void checkMagic(int magic, int expected, String name) {
        if (magic == expected) {
            return;
        }
        String what = magic == IMAGES_MAGIC ? " (an image file)" : magic == LABELS_MAGIC ? " (a label file)" : "";
        throw new DatasetFormatException(name, "bad magic number " + magic + what + ", expected " + expected
                + (expected == IMAGES_MAGIC ? " (idx3-ubyte images)" : " (idx1-ubyte labels)"));
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file.toString(), "file not found", e);
        } catch (IOException e) {
            throw new DatasetFormatException(file.toString(), "cannot open: " + e, e);
        }
    }

    /** A big-endian reader that knows how many (decompressed) bytes it has read, for error messages. */
    private static final class CountingInput implements AutoCloseable {
        private final InputStream in;
        private final String name;
        private final boolean gzip;
        private long position;

        private CountingInput(InputStream in, String name, boolean gzip) {
            this.in = in;
            this.name = name;
            this.gzip = gzip;
        }

        static CountingInput open(InputStream raw, String name) {
            Require.nonNull(raw, "input stream");
            // the caller opened the stream and closes it; closing the reader only releases the inflater
            InputStream unclosable = new FilterInputStream(raw) {
                @Override
                public void close() {
                }
            };
            BufferedInputStream buffered = new BufferedInputStream(unclosable, 64 * 1024);
            try {
                buffered.mark(2);
                int b0 = buffered.read();
                int b1 = buffered.read();
                buffered.reset();
                boolean gzip = b0 == 0x1f && b1 == 0x8b;
                return new CountingInput(gzip ? new GZIPInputStream(buffered, 64 * 1024) : buffered, name, gzip);
            } catch (EOFException e) {
                throw new DatasetFormatException(name, "truncated gzip header", e);
            } catch (ZipException e) {
                throw new DatasetFormatException(name, "corrupt gzip header: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new DatasetFormatException(name, "cannot read: " + e, e);
            }
        }

        int readInt() {
            byte[] b = new byte[4];
            readFully(b, 4, position + 4);
            return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        }

        /** Reads exactly {@code len} bytes; {@code expectedTotal} is the size the header promises, for messages. */
        void readFully(byte[] buffer, int len, long expectedTotal) {
            int read = 0;
            try {
                while (read < len) {
                    int n = in.read(buffer, read, len - read);
                    if (n < 0) {
                        throw truncated(position + read, expectedTotal, null);
                    }
                    read += n;
                }
            } catch (EOFException e) {
                throw truncated(position + read, expectedTotal, e);
            } catch (ZipException e) {
                throw new DatasetFormatException(name, "corrupt gzip data after " + (position + read)
                        + " decompressed bytes: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new DatasetFormatException(name, "cannot read at byte " + (position + read) + ": " + e, e);
            }
            position += len;
        }

        void expectEnd() {
            try {
                if (in.read() >= 0) {
                    throw new DatasetFormatException(name, "unexpected data after byte " + position
                            + " (the header accounts for " + position + " bytes)");
                }
            } catch (EOFException e) {
                throw truncated(position, position, e);
            } catch (IOException e) {
                throw new DatasetFormatException(name, (gzip ? "corrupt gzip data" : "cannot read")
                        + " after byte " + position + ": " + e.getMessage(), e);
            }
        }

        private DatasetFormatException truncated(long at, long expectedTotal, Throwable cause) {
            String stream = gzip ? "gzip stream ends early: truncated at decompressed byte " : "truncated at byte ";
            return new DatasetFormatException(name, stream + at + " (expected " + expectedTotal + " bytes)", cause);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // reading is over; nothing is lost
            }
        }
    }
}
