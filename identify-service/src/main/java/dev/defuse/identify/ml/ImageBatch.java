package dev.defuse.identify.ml;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.util.Require;

import java.util.Arrays;

/**
 * The images one shard perturbs: their dataset indices (which seed their noise and name them in events), NCHW
 * pixels in [0, 1] and labels.
 */
public record ImageBatch(int[] imageIndices, float[] pixels, int[] labels, int pixelsPerImage) {

    public ImageBatch {
        Require.nonNull(imageIndices, "imageIndices");
        Require.nonNull(pixels, "pixels");
        Require.nonNull(labels, "labels");
        Require.positive(pixelsPerImage, "pixelsPerImage");
        Require.check(labels.length == imageIndices.length, labels.length + " labels for " + imageIndices.length
                + " images");
        Require.check((long) imageIndices.length * pixelsPerImage == pixels.length,
                imageIndices.length + " images of " + pixelsPerImage + " pixels need " + (long) imageIndices.length
                        * pixelsPerImage + " values, got " + pixels.length);
    }

    /** The images at {@code indices} (dataset indices) of {@code images}. */
    public static ImageBatch of(LabeledImages images, int[] indices) {
        LabeledImages subset = images.subset(indices);
        return new ImageBatch(indices.clone(), subset.pixels(), subset.labels(), images.imageSize());
    }

    public int size() {
        return imageIndices.length;
    }

    /** Pixels of images {@code [from, to)}. */
    float[] pixels(int from, int to) {
        return Arrays.copyOfRange(pixels, from * pixelsPerImage, to * pixelsPerImage);
    }
}
