package dev.defuse.common.ml.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.defuse.common.store.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads a block's parameters as DJL's own parameter stream ({@link Block#saveParameters}), and makes
 * sure a load really replaced every weight.
 *
 * <p>Why not {@code Model.load(InputStream)}: given raw block bytes it does not recognise them as a model file and
 * silently leaves the freshly initialised random weights in place. Here the block is built from the manifest's
 * architecture and initialised, then {@link Block#loadParameters} reads the stream, and the load is accepted only
 * if (1) the blob's SHA-256 is the manifest's, (2) the stream was consumed exactly, (3) every parameter kept the
 * shape the architecture gives it, and (4) the digest of the loaded values equals the manifest's. DJL itself checks
 * none of (2)–(4): a blob of another architecture with the same layer layout would load with wrong shapes.
 */
public final class ParameterCodec {

    private ParameterCodec() {
    }

    /** The block's parameters in DJL's stream format. */
    public static byte[] save(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise parameters", e);
        }
        return bytes.toByteArray();
    }

    /** Checksums of a block and its serialised parameters, for the manifest. */
    public static ParameterChecksums checksums(Block block, byte[] blob) {
        List<Parameter> parameters = block.getParameters().values();
        long scalars = 0;
        for (Parameter p : parameters) {
            scalars += p.getArray().size();
        }
        return new ParameterChecksums(Sha256.hex(blob), blob.length, parameters.size(), scalars, valueDigest(block));
    }

    /**
     * Loads {@code blob} into an initialised block and verifies it against {@code expected}.
     *
     * @param what names the model in error messages (e.g. its id)
     * @throws ModelLoadException if anything about the blob is wrong; the block must then be discarded
     */
    public static void load(Block block, NDManager manager, byte[] blob, ParameterChecksums expected, String what) {
        verifyBlob(blob, expected, what);
        List<String> names = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().isInitialized()) {
                throw new IllegalStateException("initialise the block before loading parameters into it");
            }
            names.add(p.getKey());
            shapes.add(p.getValue().getArray().getShape());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            block.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new ModelLoadException("parameter blob of " + what + " has " + (in.available() + 1)
                        + " bytes left over after the last parameter: it belongs to a different architecture");
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException("parameter blob of " + what + " cannot be read into a "
                    + block.getClass().getSimpleName() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): truncated, damaged or of a different architecture", e);
        }
        List<Parameter> loaded = block.getParameters().values();
        for (int i = 0; i < loaded.size(); i++) {
            Parameter parameter = loaded.get(i);
            if (!parameter.isInitialized()) {
                throw new ModelLoadException("parameter " + names.get(i) + " of " + what + " is missing from the blob");
            }
            Shape shape = parameter.getArray().getShape();
            if (!shape.equals(shapes.get(i))) {
                throw new ModelLoadException("parameter " + names.get(i) + " of " + what + " has shape " + shape
                        + " in the blob but the architecture needs " + shapes.get(i)
                        + ": the blob belongs to a different architecture");
            }
        }
        String digest = valueDigest(block);
        if (!digest.equals(expected.valueDigest())) {
            throw new ModelLoadException("loaded parameter values of " + what + " do not match the manifest's digest ("
                    + digest + " vs " + expected.valueDigest() + ")");
        }
    }

    /**
     * Checks that {@code blob} is the one {@code expected} describes (length and SHA-256) before anything reads it.
     *
     * @throws ModelLoadException if not
     */
    public static void verifyBlob(byte[] blob, ParameterChecksums expected, String what) {
        String actualSha = Sha256.hex(blob);
        if (!actualSha.equals(expected.sha256()) || blob.length != expected.bytes()) {
            throw new ModelLoadException("parameter blob of " + what + " is not the one its manifest describes ("
                    + blob.length + " bytes, sha256 " + actualSha + "; manifest: " + expected.bytes()
                    + " bytes, sha256 " + expected.sha256() + "): damaged, truncated or replaced");
        }
    }

    /** SHA-256 over every parameter's name, shape and little-endian float32 values, in block order. */
    public static String valueDigest(Block block) {
        MessageDigest digest = Sha256.newDigest();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            digest.update(p.getKey().getBytes(StandardCharsets.UTF_8));
            for (long dim : array.getShape().getShape()) {
                digest.update(ByteBuffer.allocate(Long.BYTES).putLong(dim).array());
            }
            float[] values = array.toFloatArray();
            ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(values);
            digest.update(buffer);
        }
        return Sha256.hex(digest);
    }

}
