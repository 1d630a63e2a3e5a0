package dev.defuse.correction.domain;

import dev.defuse.common.util.Require;

/**
 * A fitted Gaussian mixture (distill's DP-GMM point estimates: weights, means, full covariances) that assigns a
 * latent code to its most probable component: {@code argmax_k log π_k + log N(z | μ_k, Σ_k)}. Components with zero
 * weight never win.
 */
public final class GaussianMixture {

    /** Relative jitter added to a covariance's diagonal when it is not numerically positive definite. */
    private static final double JITTER = 1e-6;

    private final int dim;
    private final double[] logWeights;
    private final double[][] means;
    /** Lower Cholesky factors L (Σ = L Lᵀ), row-major. */
    private final double[][][] cholesky;
    private final double[] logDeterminants;

    public GaussianMixture(double[] weights, double[][] means, double[][][] covariances) {
        int k = weights.length;
        Require.check(k > 0, "a mixture needs at least one component");
        Require.check(means.length == k && covariances.length == k,
                k + " weights but " + means.length + " means and " + covariances.length + " covariances");
        this.dim = means[0].length;
        this.logWeights = new double[k];
        this.means = new double[k][];
        this.cholesky = new double[k][][];
        this.logDeterminants = new double[k];
        for (int c = 0; c < k; c++) {
            Require.check(means[c].length == dim, "mean " + c + " has dimension " + means[c].length + ", not " + dim);
            logWeights[c] = weights[c] > 0 ? Math.log(weights[c]) : Double.NEGATIVE_INFINITY;
            this.means[c] = means[c].clone();
            this.cholesky[c] = cholesky(covariances[c], c);
            double logDet = 0;
            for (int i = 0; i < dim; i++) {
                logDet += 2 * Math.log(cholesky[c][i][i]);
            }
            logDeterminants[c] = logDet;
        }
    }

    public int dimension() {
        return dim;
    }

    public int components() {
        return means.length;
    }

    /** The most probable component of {@code z} (lowest index on ties). */
    public int assign(float[] z, int offset) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] y = new double[dim];
        for (int c = 0; c < means.length; c++) {
            if (logWeights[c] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            // Mahalanobis distance through forward substitution: L y = z - μ, d² = |y|²
            double[][] l = cholesky[c];
            double d2 = 0;
            for (int i = 0; i < dim; i++) {
                double s = z[offset + i] - means[c][i];
                for (int j = 0; j < i; j++) {
                    s -= l[i][j] * y[j];
                }
                y[i] = s / l[i][i];
                d2 += y[i] * y[i];
            }
            double score = logWeights[c] - 0.5 * (logDeterminants[c] + d2);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        Require.check(best >= 0, "no component of the mixture has a positive weight");
        return best;
    }

    private double[][] cholesky(double[][] covariance, int component) {
        Require.check(covariance.length == dim, "covariance " + component + " is not " + dim + "×" + dim);
        double trace = 0;
        for (int i = 0; i < dim; i++) {
            trace += covariance[i][i];
        }
        double jitter = 0;
        for (int attempt = 0; attempt < 6; attempt++) {
            double[][] l = tryCholesky(covariance, jitter);
            if (l != null) {
                return l;
            }
            jitter = jitter == 0 ? JITTER * Math.max(trace / dim, Double.MIN_NORMAL) : jitter * 100;
        }
        throw new IllegalArgumentException("covariance of component " + component + " is not positive definite");
    }

    private double[][] tryCholesky(double[][] a, double jitter) {
        double[][] l = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            Require.check(a[i].length == dim, "covariance row " + i + " has " + a[i].length + " columns");
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }
}
