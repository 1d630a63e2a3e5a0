package dev.defuse.identify.domain;

import dev.defuse.common.util.Require;

import java.util.SplittableRandom;

/**
 * Seeded Beta(a, b) variates: X / (X + Y) with X ~ Gamma(a, 1) and Y ~ Gamma(b, 1), the gammas drawn with
 * Marsaglia and Tsang's squeeze method (ACM TOMS 26(3), 2000) and normals with Marsaglia's polar method. Every
 * step uses only {@link SplittableRandom#nextDouble()}, so a seed gives the same sequence on every JVM and version.
 *
 * <p>Not thread-safe: one sampler per image (see {@link NoiseSeeds}).
 */
public final class BetaSampler {

    private final double a;
    private final double b;
    private final SplittableRandom random;
    private double spareNormal;
    private boolean hasSpareNormal;

    public BetaSampler(double a, double b, long seed) {
        this.a = Require.positive(a, "beta a");
        this.b = Require.positive(b, "beta b");
        Require.finite(a, "beta a");
        Require.finite(b, "beta b");
        this.random = new SplittableRandom(seed);
    }

    /** The next Beta(a, b) variate, in [0, 1]. */
    public double next() {
        double x = gamma(a);
        double y = gamma(b);
        double sum = x + y;
        // both gammas underflow only for tiny shapes; the limit then puts the mass at the endpoints
        return sum > 0 ? x / sum : (random.nextDouble() < a / (a + b) ? 1.0 : 0.0);
    }

    /** Fills {@code target[offset, offset + count)} with Beta(a, b) variates (as floats). */
    public void fill(float[] target, int offset, int count) {
        for (int i = 0; i < count; i++) {
            target[offset + i] = (float) next();
        }
    }

    /** Gamma(shape, 1). Shapes below 1 use Gamma(shape + 1) · U^(1/shape) (Marsaglia and Tsang, section 6). */
    double gamma(double shape) {
        if (shape < 1) {
            double u = uniformOpen();
            return gamma(shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = uniformOpen();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** Standard normal (polar method; the second value of each pair is kept for the next call). */
    double normal() {
        if (hasSpareNormal) {
            hasSpareNormal = false;
            return spareNormal;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * Math.log(s) / s);
        spareNormal = v * factor;
        hasSpareNormal = true;
        return u * factor;
    }

    /** Uniform in (0, 1): log(0) must never happen. */
    private double uniformOpen() {
        double u;
        do {
            u = random.nextDouble();
        } while (u == 0);
        return u;
    }
}
