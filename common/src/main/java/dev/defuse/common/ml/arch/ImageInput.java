package dev.defuse.common.ml.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.defuse.common.util.Require;

/**
 * The images a model accepts and the preprocessing its first layer applies.
 *
 * <p>Callers always pass images in the dataset's own size ({@code channels × size × size}, NCHW, float pixels in
 * [0, 1] with no mean/std normalisation). The model zero-pads them symmetrically to {@code paddedSize} (MNIST:
 * 28 → 32, two pixels on each side, as in the paper) so the stride-2 convolutions divide evenly. Keeping the
 * padding inside the model means every caller — training, identification, correction — feeds the same thing.
 *
 * @param channels   colour channels (1 for MNIST, 3 for SVHN and German signs)
 * @param size       height and width of the dataset's images
 * @param paddedSize height and width after zero padding ({@code >= size})
 */
public record ImageInput(int channels, int size, int paddedSize) {

    /** What the manifest says about pixel values: nothing is subtracted or divided. */
    public static final String PIXEL_RANGE = "float32 in [0,1], no mean/std normalisation";

    public ImageInput {
        Require.positive(channels, "channels");
        Require.positive(size, "image size");
        Require.check(paddedSize >= size, "padded size " + paddedSize + " is smaller than the image size " + size);
    }

    /** Pixels per image ({@code channels × size × size}). */
    public int pixelsPerImage() {
        return channels * size * size;
    }

    /** NCHW shape of a batch of {@code batch} images in the dataset's size. */
    public Shape batchShape(long batch) {
        return new Shape(batch, channels, size, size);
    }

    /** Pixels added before the image (left and top). */
    public int padBefore() {
        return (paddedSize - size) / 2;
    }

    /** Zero-pads a batch to {@code paddedSize}; identity when no padding is needed. */
    public NDArray pad(NDArray images) {
        if (paddedSize == size) {
            return images;
        }
        int before = padBefore();
        int after = paddedSize - size - before;
        // torch.nn.functional.pad order: last dimension first
        return images.pad(new Shape(before, after, before, after), 0);
    }

    /** Cuts the centre {@code size × size} out of a padded batch; the inverse of {@link #pad}. */
    public NDArray crop(NDArray padded) {
        if (paddedSize == size) {
            return padded;
        }
        int from = padBefore();
        int to = from + size;
        return padded.get(new NDIndex(":, :, {}:{}, {}:{}", from, to, from, to));
    }

    /** The smallest padded size {@code >= size} divisible by {@code multiple}. */
    static int paddedTo(int size, int multiple) {
        return ((size + multiple - 1) / multiple) * multiple;
    }
}
