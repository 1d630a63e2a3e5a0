package dev.defuse.common.ml.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.model.ModelArtifact;

/** Batched classification with a stored classifier (see {@link ModelRunner} for the conventions). */
public final class ClassifierRunner extends ModelRunner {

    private final ClassifierArchitecture architecture;

    private ClassifierRunner(ModelArtifact artifact, int batchSize) {
        super(artifact, ModelKind.CLASSIFIER, batchSize);
        this.architecture = (ClassifierArchitecture) artifact.manifest().architecture();
    }

    /**
     * Loads a classifier, verifying its parameters.
     *
     * @throws dev.defuse.common.ml.model.ModelLoadException if the parameters are damaged or do not fit
     */
    public static ClassifierRunner open(ModelArtifact artifact) {
        return new ClassifierRunner(artifact, DEFAULT_BATCH_SIZE);
    }

    /** As {@link #open(ModelArtifact)} with another chunk size for the array methods. */
    public static ClassifierRunner open(ModelArtifact artifact, int batchSize) {
        return new ClassifierRunner(artifact, batchSize);
    }

    public int numClasses() {
        return architecture.numClasses();
    }

    /** Logits {@code (n, classes)} for images {@code (n, C, H, W)}; the result lives in the images' manager. */
    public NDArray logits(NDArray images) {
        checkImages(images);
        return model().getBlock().forward(parameters(), new NDList(images), false).singletonOrThrow();
    }

    /** Predicted class ids for images {@code (n, C, H, W)}. */
    public int[] predict(NDArray images) {
        return toInts(logits(images).argMax(1).toLongArray());
    }

    /** Logits, row-major {@code count × classes}, for {@code count} NCHW images. */
    public float[] logits(float[] pixels, int count) {
        checkPixels(pixels, count);
        int classes = numClasses();
        float[] out = new float[count * classes];
        forEachChunk(count, (manager, from, n) -> System.arraycopy(
                logits(images(manager, pixels, from, n)).toFloatArray(), 0, out, from * classes, n * classes));
        return out;
    }

    /** Predicted class ids for {@code count} NCHW images. */
    public int[] predict(float[] pixels, int count) {
        checkPixels(pixels, count);
        int[] out = new int[count];
        forEachChunk(count, (manager, from, n) ->
                System.arraycopy(predict(images(manager, pixels, from, n)), 0, out, from, n));
        return out;
    }

    /** Share of {@code images} whose predicted class equals their label. */
    public double accuracy(LabeledImages images) {
        return accuracy(predict(images.pixels(), images.size()), images.labels());
    }

    /** Share of positions where {@code predicted} equals {@code labels}. */
    public static double accuracy(int[] predicted, int[] labels) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return predicted.length == 0 ? Double.NaN : (double) correct / predicted.length;
    }

    private static int[] toInts(long[] values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) values[i];
        }
        return ints;
    }
}
