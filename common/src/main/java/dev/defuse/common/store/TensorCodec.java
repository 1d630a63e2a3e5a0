package dev.defuse.common.store;

import dev.defuse.common.util.Require;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The DFT1 tensor format: a little-endian header — magic {@code "DFT1"}, dtype code (int32, {@value #DTYPE_FLOAT32}
 * = float32), rank (int32), then {@code rank} dimensions (int32 each) — followed by the elements as little-endian
 * float32 in row-major order, and nothing after them.
 *
 * <p>Encoding streams from the tensor's array and decoding streams into one new array, through a small buffer:
 * no second full copy of a large tensor is made.
 */
public final class TensorCodec {

    public static final byte[] MAGIC = "DFT1".getBytes(StandardCharsets.US_ASCII);
    public static final int DTYPE_FLOAT32 = 1;
    /** Bytes converted per chunk while streaming. */
    static final int CHUNK_BYTES = 64 * 1024;

    private TensorCodec() {
    }

    /** Size of the header of a tensor of rank {@code rank}. */
    public static int headerSize(int rank) {
        return 12 + 4 * rank;
    }

    /** Size in bytes of the encoded tensor. */
    public static long encodedSize(FloatTensor tensor) {
        return headerSize(tensor.rank()) + 4L * tensor.size();
    }

    /** A stream of the encoded tensor, converted chunk by chunk from the tensor's array. */
    public static InputStream encode(FloatTensor tensor) {
        return new EncodingInputStream(tensor);
    }

    /** SHA-256 (hex) of the encoded tensor, computed by streaming (no encoded copy is held). */
    public static String sha256(FloatTensor tensor) {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[CHUNK_BYTES];
        try (InputStream in = encode(tensor)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Sha256.hex(digest);
    }

    /**
     * Reads one tensor from {@code in}, which must end right after it.
     *
     * @param source        what is being read, for error messages (e.g. the object key)
     * @param expectedBytes the stream's length if known (e.g. the object's size), else -1; a header that declares
     *                      more data than that fails before anything is allocated
     */
    public static FloatTensor decode(InputStream in, String source, long expectedBytes) throws IOException {
        byte[] fixed = new byte[12];
        readFully(in, fixed, 0, fixed.length, source, 0);
        ByteBuffer header = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = Arrays.copyOf(fixed, 4);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new TensorFormatException(source, "bad magic " + HexFormat.of().formatHex(magic)
                    + " (expected " + HexFormat.of().formatHex(MAGIC) + " = \"DFT1\")");
        }
        int dtype = header.getInt(4);
        if (dtype != DTYPE_FLOAT32) {
            throw new TensorFormatException(source, "unsupported dtype code " + dtype + " (only "
                    + DTYPE_FLOAT32 + " = float32)");
        }
        int rank = header.getInt(8);
        if (rank < 1 || rank > FloatTensor.MAX_RANK) {
            throw new TensorFormatException(source, "rank " + rank + " is outside 1.." + FloatTensor.MAX_RANK);
        }
        byte[] dimBytes = new byte[4 * rank];
        readFully(in, dimBytes, 0, dimBytes.length, source, 12);
        ByteBuffer dims = ByteBuffer.wrap(dimBytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = dims.getInt();
            if (shape[i] < 0) {
                throw new TensorFormatException(source, "dimension " + i + " is negative: " + shape[i]);
            }
            count *= shape[i];
            if (count > Integer.MAX_VALUE) {
                throw new TensorFormatException(source, "shape " + Arrays.toString(Arrays.copyOf(shape, i + 1))
                        + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        long total = headerSize(rank) + 4 * count;
        if (expectedBytes >= 0 && total != expectedBytes) {
            throw new TensorFormatException(source, "shape " + Arrays.toString(shape) + " needs " + total
                    + " bytes but the object has " + expectedBytes);
        }
        float[] data = new float[(int) count];
        byte[] buffer = new byte[CHUNK_BYTES];
        ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        long offset = headerSize(rank);
        while (done < data.length) {
            int floats = Math.min(data.length - done, CHUNK_BYTES / 4);
            readFully(in, buffer, 0, floats * 4, source, offset);
            view.clear();
            view.asFloatBuffer().get(data, done, floats);
            done += floats;
            offset += floats * 4L;
        }
        if (in.read() != -1) {
            throw new TensorFormatException(source, "unexpected bytes after the " + total + " bytes of shape "
                    + Arrays.toString(shape));
        }
        return new FloatTensor(shape, data);
    }

    private static void readFully(InputStream in, byte[] buffer, int off, int len, String source, long position)
            throws IOException {
        int read = 0;
        while (read < len) {
            int n = in.read(buffer, off + read, len - read);
            if (n < 0) {
                throw new TensorFormatException(source, "truncated at byte " + (position + read) + " (expected at least "
                        + (position + len) + " bytes)");
            }
            read += n;
        }
    }

    /** Produces header then payload, converting {@link #CHUNK_BYTES} of floats at a time. */
    private static final class EncodingInputStream extends InputStream {
        private final float[] data;
        private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private int nextFloat;

        EncodingInputStream(FloatTensor tensor) {
            Require.nonNull(tensor, "tensor");
            this.data = tensor.data();
            int[] shape = tensor.shape();
            chunk.put(MAGIC).putInt(DTYPE_FLOAT32).putInt(shape.length);
            for (int d : shape) {
                chunk.putInt(d);
            }
            chunk.flip();
        }

        private boolean fill() {
            if (chunk.hasRemaining()) {
                return true;
            }
            if (nextFloat >= data.length) {
                return false;
            }
            chunk.clear();
            int floats = Math.min(data.length - nextFloat, CHUNK_BYTES / 4);
            chunk.asFloatBuffer().put(data, nextFloat, floats);
            chunk.limit(floats * 4);
            nextFloat += floats;
            return true;
        }

        @Override
        public int read() {
            return fill() ? chunk.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.remaining());
            chunk.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return chunk.remaining();
        }
    }
}
