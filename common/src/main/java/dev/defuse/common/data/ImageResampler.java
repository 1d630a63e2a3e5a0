package dev.defuse.common.data;

/**
 * Resizes one float image plane with a separable triangle (bilinear) filter whose support widens with the
 * downscaling factor, as Pillow's {@code Image.resize(..., BILINEAR)} does: upscaling interpolates bilinearly,
 * downscaling averages every source pixel that falls under the filter (no aliasing). Deterministic; results are
 * clamped to [0, 1] (the range of normalised pixels).
 */
final class ImageResampler {

    private ImageResampler() {
    }

    /** Resizes a {@code srcHeight × srcWidth} plane (row-major) to {@code dstHeight × dstWidth}. */
    static float[] resize(float[] src, int srcHeight, int srcWidth, int dstHeight, int dstWidth) {
        if (srcHeight == dstHeight && srcWidth == dstWidth) {
            return src.clone();
        }
        Weights horizontal = Weights.of(srcWidth, dstWidth);
        Weights vertical = Weights.of(srcHeight, dstHeight);
        float[] rows = new float[srcHeight * dstWidth];
        for (int y = 0; y < srcHeight; y++) {
            for (int x = 0; x < dstWidth; x++) {
                rows[y * dstWidth + x] = horizontal.apply(src, y * srcWidth, 1, x);
            }
        }
        float[] out = new float[dstHeight * dstWidth];
        for (int y = 0; y < dstHeight; y++) {
            for (int x = 0; x < dstWidth; x++) {
                out[y * dstWidth + x] = vertical.apply(rows, x, dstWidth, y);
            }
        }
        return out;
    }

    /** For each output position: the first input index and the normalised filter weights. */
    private record Weights(int[] first, float[][] weights) {

        static Weights of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // triangle filter of radius 1, widened when shrinking
            int[] first = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), inSize);
                double[] w = new double[Math.max(hi - lo, 1)];
                double sum = 0;
                for (int k = 0; k < hi - lo; k++) {
                    double t = Math.abs((k + lo - center + 0.5) / filterScale);
                    w[k] = t < 1 ? 1 - t : 0;
                    sum += w[k];
                }
                float[] normalised = new float[w.length];
                if (sum == 0) {
                    // cannot happen for sizes >= 1, but never divide by zero: nearest pixel
                    lo = Math.min((int) center, inSize - 1);
                    normalised = new float[]{1f};
                } else {
                    for (int k = 0; k < w.length; k++) {
                        normalised[k] = (float) (w[k] / sum);
                    }
                }
                first[i] = lo;
                weights[i] = normalised;
            }
            return new Weights(first, weights);
        }

        /** Filtered value at output {@code i}, reading input {@code k} at {@code data[offset + k * stride]}. */
        float apply(float[] data, int offset, int stride, int i) {
            float[] w = weights[i];
            int start = offset + first[i] * stride;
            double sum = 0;
            for (int k = 0; k < w.length; k++) {
                sum += w[k] * data[start + k * stride];
            }
            return (float) Math.min(1.0, Math.max(0.0, sum));
        }
    }
}
