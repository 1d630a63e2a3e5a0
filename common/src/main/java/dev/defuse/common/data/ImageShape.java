package dev.defuse.common.data;

import dev.defuse.common.util.Require;

/** Shape of one image: channels (1 = grayscale, 3 = RGB), height and width in pixels. */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        Require.check(channels == 1 || channels == 3, "channels must be 1 (grayscale) or 3 (RGB), got " + channels);
        Require.positive(height, "height");
        Require.positive(width, "width");
    }

    /** MNIST: 1 × 28 × 28. */
    public static ImageShape mnist() {
        return new ImageShape(1, 28, 28);
    }

    /** Number of values of one image ({@code channels × height × width}). */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
