package dev.defuse.common.ml.infer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoader;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.util.Require;
import java.util.Arrays;

/**
 * Inference on a stored model: loads and verifies its parameters once, then runs batched forward passes without
 * gradients. Array methods take and return NDArrays so callers can chain models without copying (e.g. decode then
 * classify); array-in/array-out methods copy through Java arrays in chunks of {@link #batchSize()} images, each
 * chunk in its own NDManager so native memory is released as it goes. Not thread-safe: use one runner per thread.
 */
public abstract sealed class ModelRunner implements AutoCloseable permits ClassifierRunner, VaeRunner {

    /** Default images per forward pass for the array-in/array-out methods. */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private final Model model;
    private final ModelManifest manifest;
    private final ParameterStore parameters;
    private final int batchSize;

    ModelRunner(ModelArtifact artifact, ModelKind kind, int batchSize) {
        Require.check(artifact.manifest().kind() == kind,
                "model " + artifact.modelId() + " is a " + artifact.manifest().kind().id() + ", not a " + kind.id());
        this.batchSize = Require.positive(batchSize, "batch size");
        this.manifest = artifact.manifest();
        this.model = ModelLoader.load(artifact);
        this.parameters = new ParameterStore(model.getNDManager(), false);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The images the model takes (NCHW, dataset size, pixels in [0, 1]). */
    public ImageInput input() {
        return manifest.architecture().input();
    }

    /** Images per forward pass in the array-in/array-out methods. */
    public int batchSize() {
        return batchSize;
    }

    /** A new manager on the model's device for the caller's arrays; close it when done. */
    public NDManager newManager() {
        return model.getNDManager().newSubManager();
    }

    Model model() {
        return model;
    }

    ParameterStore parameters() {
        return parameters;
    }

    /** Work on one chunk of images {@code [from, from + n)}, with a manager closed right after it. */
    @FunctionalInterface
    interface Chunk {
        void run(NDManager manager, int from, int n);
    }

    /** Splits {@code count} items into chunks of {@link #batchSize()}, each in its own manager. */
    void forEachChunk(int count, Chunk chunk) {
        for (int from = 0; from < count; from += batchSize) {
            try (NDManager manager = newManager()) {
                chunk.run(manager, from, Math.min(batchSize, count - from));
            }
        }
    }

    /** Rows {@code [from, from + n)} of a flat array with {@code width} values per row, as an array of {@code shape}. */
    static NDArray rows(NDManager manager, float[] flat, int from, int n, int width, Shape shape) {
        return manager.create(Arrays.copyOfRange(flat, from * width, (from + n) * width), shape);
    }

    /** Images {@code [from, from + n)} of a flat NCHW array. */
    NDArray images(NDManager manager, float[] pixels, int from, int n) {
        return rows(manager, pixels, from, n, input().pixelsPerImage(), input().batchShape(n));
    }

    /** Checks a flat NCHW pixel array against {@link #input()}. */
    void checkPixels(float[] pixels, int count) {
        Require.nonNull(pixels, "pixels");
        Require.nonNegative(count, "count");
        long expected = (long) count * input().pixelsPerImage();
        Require.check(pixels.length == expected, "expected " + count + " images of " + input().channels() + "×"
                + input().size() + "×" + input().size() + " (" + expected + " floats), got " + pixels.length);
    }

    /** Checks an NCHW batch against {@link #input()}. */
    void checkImages(NDArray images) {
        Require.check(images.getShape().dimension() == 4
                        && images.getShape().get(1) == input().channels()
                        && images.getShape().get(2) == input().size()
                        && images.getShape().get(3) == input().size(),
                "expected images of shape (n, " + input().channels() + ", " + input().size() + ", " + input().size()
                        + "), got " + images.getShape());
    }

    @Override
    public void close() {
        model.close();
    }
}
