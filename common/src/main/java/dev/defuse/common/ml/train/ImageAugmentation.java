package dev.defuse.common.ml.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.defuse.common.util.Require;

import java.util.SplittableRandom;

/**
 * Random label-preserving distortions of training images, drawn independently per image and per step: a rotation,
 * a scaling and a shift about the image centre (bilinear, zero outside the image, as torchvision's
 * {@code RandomAffine}), then a Gaussian blur. A person reads a digit the same when it is tilted, shifted, a little
 * larger or blurred; a classifier trained without such variation need not, which is why the simulated annotators'
 * oracle is trained with them and the base classifier (the model under test) is not.
 *
 * @param maxRotationDegrees rotation drawn uniformly in ±this
 * @param maxScaleChange     scale drawn uniformly in 1 ± this
 * @param maxShiftPixels     shift along each axis drawn uniformly in ±this (pixels, fractional)
 * @param maxBlurSigma       Gaussian blur σ drawn uniformly in [0, this] (pixels); below {@link #MIN_BLUR_SIGMA} none
 */
public record ImageAugmentation(double maxRotationDegrees, double maxScaleChange, double maxShiftPixels,
                                double maxBlurSigma) {

    /** No distortion: the images as they are. */
    public static final ImageAugmentation NONE = new ImageAugmentation(0, 0, 0, 0);
    /**
     * What the oracle trains with: ±15°, ±10 % scale, ±2 px, blur up to σ = 1 px (the usual MNIST ranges, plus the
     * softness of decoded images).
     */
    public static final ImageAugmentation HUMAN_LIKE = new ImageAugmentation(15, 0.1, 2, 1);
    /** A blur this weak changes no pixel noticeably; it is skipped. */
    static final double MIN_BLUR_SIGMA = 0.1;
    /** The blur kernel reaches this many σ on each side. */
    private static final double BLUR_RADIUS_SIGMAS = 2.5;

    public ImageAugmentation {
        Require.inRange(maxRotationDegrees, 0, 180, "max rotation");
        Require.inRange(maxScaleChange, 0, 0.9, "max scale change");
        Require.inRange(maxShiftPixels, 0, 64, "max shift");
        Require.inRange(maxBlurSigma, 0, 16, "max blur sigma");
    }

    @JsonIgnore
    public boolean isNone() {
        return maxRotationDegrees == 0 && maxScaleChange == 0 && maxShiftPixels == 0 && maxBlurSigma == 0;
    }

    /**
     * Distorts {@code count} NCHW images of {@code channels × size × size} pixels in place, each with its own draw
     * from {@code random} (all channels of an image alike).
     */
    public void apply(float[] pixels, int count, int channels, int size, SplittableRandom random) {
        int plane = size * size;
        Require.check(pixels.length == count * channels * plane, "expected " + count + " images of " + channels
                + "×" + size + "×" + size + " pixels, got " + pixels.length + " values");
        float[] scratch = new float[plane];
        for (int i = 0; i < count; i++) {
            double angle = Math.toRadians(uniform(random, maxRotationDegrees));
            double scale = 1 + uniform(random, maxScaleChange);
            double dx = uniform(random, maxShiftPixels);
            double dy = uniform(random, maxShiftPixels);
            double sigma = maxBlurSigma * random.nextDouble();
            for (int c = 0; c < channels; c++) {
                int offset = (i * channels + c) * plane;
                warp(pixels, offset, size, angle, scale, dx, dy, scratch);
                if (sigma >= MIN_BLUR_SIGMA) {
                    blur(pixels, offset, size, sigma, scratch);
                }
            }
        }
    }

    /** Uniform in [-max, max]; 0 without drawing when max is 0, so an unused distortion costs no randomness. */
    private static double uniform(SplittableRandom random, double max) {
        return max == 0 ? 0 : (2 * random.nextDouble() - 1) * max;
    }

    /**
     * Output pixel p shows the input at c + R(−angle)(p − c − shift)/scale (the inverse of "scale, rotate, shift"),
     * sampled bilinearly with 0 outside the image.
     */
    static void warp(float[] pixels, int offset, int size, double angle, double scale, double dx, double dy,
                     float[] scratch) {
        if (angle == 0 && scale == 1 && dx == 0 && dy == 0) {
            return;
        }
        double centre = (size - 1) / 2.0;
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = x - centre - dx;
                double v = y - centre - dy;
                double sx = cos * u + sin * v + centre;
                double sy = -sin * u + cos * v + centre;
                scratch[y * size + x] = bilinear(pixels, offset, size, sx, sy);
            }
        }
        System.arraycopy(scratch, 0, pixels, offset, size * size);
    }

    private static float bilinear(float[] pixels, int offset, int size, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top = (1 - fx) * at(pixels, offset, size, x0, y0) + fx * at(pixels, offset, size, x0 + 1, y0);
        double bottom = (1 - fx) * at(pixels, offset, size, x0, y0 + 1) + fx * at(pixels, offset, size, x0 + 1, y0 + 1);
        return (float) ((1 - fy) * top + fy * bottom);
    }

    private static float at(float[] pixels, int offset, int size, int x, int y) {
        return x < 0 || y < 0 || x >= size || y >= size ? 0f : pixels[offset + y * size + x];
    }

    /** Separable Gaussian blur with a normalised kernel; edges repeat the border pixel. */
    static void blur(float[] pixels, int offset, int size, double sigma, float[] scratch) {
        int radius = Math.max(1, (int) Math.ceil(BLUR_RADIUS_SIGMAS * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    int xx = Math.min(size - 1, Math.max(0, x + k));
                    acc += kernel[k + radius] * pixels[offset + y * size + xx];
                }
                scratch[y * size + x] = (float) acc;
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    int yy = Math.min(size - 1, Math.max(0, y + k));
                    acc += kernel[k + radius] * scratch[yy * size + x];
                }
                pixels[offset + y * size + x] = (float) acc;
            }
        }
    }
}
