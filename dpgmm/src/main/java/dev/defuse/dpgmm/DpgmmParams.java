package dev.defuse.dpgmm;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Immutable settings of a DP-GMM fit. Defaults are scikit-learn 1.2.1's {@code BayesianGaussianMixture} defaults
 * except {@code maxComponents} (100, the Defuse paper's truncation), {@code maxIter} (1000 instead of 100, so the
 * strict {@code tol} on the <em>total</em> bound is actually reached on tens of thousands of points) and
 * {@code parallelism} (all cores).
 *
 * <p>Priors left unset resolve from the data exactly as scikit-learn does (see {@link DpgmmPriors}).
 */
public final class DpgmmParams {

  /** Default truncation level K of the stick-breaking process. */
  public static final int DEFAULT_MAX_COMPONENTS = 100;
  /** Default convergence threshold on the absolute change of the total lower bound. */
  public static final double DEFAULT_TOL = 1e-3;
  /** Default iteration cap per initialisation. */
  public static final int DEFAULT_MAX_ITER = 1000;
  /** Default added to the diagonal of every empirical covariance. */
  public static final double DEFAULT_REG_COVAR = 1e-6;
  /** Default weight above which a component counts as active (the paper's ε). */
  public static final double DEFAULT_WEIGHT_THRESHOLD = 0.01;

  private final int maxComponents;
  private final double tol;
  private final int maxIter;
  private final int nInit;
  private final double regCovar;
  private final long seed;
  private final int[] initialLabels;
  private final double weightThreshold;
  private final int parallelism;
  private final Double weightConcentrationPrior;
  private final Double meanPrecisionPrior;
  private final double[] meanPrior;
  private final Double degreesOfFreedomPrior;
  private final double[][] covariancePrior;
  private final int kmeansMaxIter;
  private final double kmeansTol;

  private DpgmmParams(Builder b) {
    this.maxComponents = b.maxComponents;
    this.tol = b.tol;
    this.maxIter = b.maxIter;
    this.nInit = b.nInit;
    this.regCovar = b.regCovar;
    this.seed = b.seed;
    this.initialLabels = b.initialLabels == null ? null : b.initialLabels.clone();
    this.weightThreshold = b.weightThreshold;
    this.parallelism = b.parallelism;
    this.weightConcentrationPrior = b.weightConcentrationPrior;
    this.meanPrecisionPrior = b.meanPrecisionPrior;
    this.meanPrior = b.meanPrior == null ? null : b.meanPrior.clone();
    this.degreesOfFreedomPrior = b.degreesOfFreedomPrior;
    this.covariancePrior = b.covariancePrior == null ? null : deepCopy(b.covariancePrior);
    this.kmeansMaxIter = b.kmeansMaxIter;
    this.kmeansTol = b.kmeansTol;
    validate();
  }

  /** All defaults. */
  public static DpgmmParams defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxComponents = maxComponents;
    b.tol = tol;
    b.maxIter = maxIter;
    b.nInit = nInit;
    b.regCovar = regCovar;
    b.seed = seed;
    b.initialLabels = initialLabels;
    b.weightThreshold = weightThreshold;
    b.parallelism = parallelism;
    b.weightConcentrationPrior = weightConcentrationPrior;
    b.meanPrecisionPrior = meanPrecisionPrior;
    b.meanPrior = meanPrior;
    b.degreesOfFreedomPrior = degreesOfFreedomPrior;
    b.covariancePrior = covariancePrior;
    b.kmeansMaxIter = kmeansMaxIter;
    b.kmeansTol = kmeansTol;
    return b;
  }

  private void validate() {
    require(maxComponents >= 1, "maxComponents must be >= 1, got " + maxComponents);
    require(tol >= 0 && Double.isFinite(tol), "tol must be a finite value >= 0, got " + tol);
    require(maxIter >= 1, "maxIter must be >= 1, got " + maxIter);
    require(nInit >= 1, "nInit must be >= 1, got " + nInit);
    require(regCovar >= 0 && Double.isFinite(regCovar), "regCovar must be a finite value >= 0, got " + regCovar);
    require(weightThreshold >= 0 && weightThreshold < 1, "weightThreshold must be in [0, 1), got " + weightThreshold);
    require(parallelism >= 1, "parallelism must be >= 1, got " + parallelism);
    require(kmeansMaxIter >= 1, "kmeansMaxIter must be >= 1, got " + kmeansMaxIter);
    require(kmeansTol >= 0 && Double.isFinite(kmeansTol), "kmeansTol must be a finite value >= 0, got " + kmeansTol);
    requirePositive(weightConcentrationPrior, "weightConcentrationPrior");
    requirePositive(meanPrecisionPrior, "meanPrecisionPrior");
    if (initialLabels != null) {
      require(nInit == 1, "initial labels fix the starting point, so nInit must be 1 (got " + nInit + ")");
      for (int i = 0; i < initialLabels.length; i++) {
        int label = initialLabels[i];
        require(label >= 0 && label < maxComponents,
            "initial label of row " + i + " is " + label + ", outside [0, " + maxComponents + ")");
      }
    }
  }

  private static void requirePositive(Double value, String name) {
    require(value == null || (value > 0 && Double.isFinite(value)), name + " must be > 0, got " + value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] copy = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      copy[i] = m[i].clone();
    }
    return copy;
  }

  /** Truncation level K: the upper bound on the number of components. */
  public int maxComponents() {
    return maxComponents;
  }

  /** EM stops when |Δ lower bound| &lt; tol (on the total, not per-sample, bound). */
  public double tol() {
    return tol;
  }

  /** Iteration cap per initialisation. */
  public int maxIter() {
    return maxIter;
  }

  /** Number of k-means++ initialisations; the run with the highest lower bound is kept. */
  public int nInit() {
    return nInit;
  }

  /** Added to the diagonal of every empirical covariance (scikit-learn's {@code reg_covar}). */
  public double regCovar() {
    return regCovar;
  }

  /** Seed of the k-means++ initialisation. */
  public long seed() {
    return seed;
  }

  /** Initial hard assignment (one label in [0, K) per row) used instead of k-means, if set. */
  public Optional<int[]> initialLabels() {
    return Optional.ofNullable(initialLabels).map(int[]::clone);
  }

  /** Weight above which a component is reported active. */
  public double weightThreshold() {
    return weightThreshold;
  }

  /** Threads used for the row-parallel steps; results do not depend on it. */
  public int parallelism() {
    return parallelism;
  }

  /** γ of the stick-breaking Beta(1, γ) prior; default 1/K. */
  public OptionalDouble weightConcentrationPrior() {
    return weightConcentrationPrior == null ? OptionalDouble.empty() : OptionalDouble.of(weightConcentrationPrior);
  }

  /** Precision prior κ₀ on the component means; default 1. */
  public OptionalDouble meanPrecisionPrior() {
    return meanPrecisionPrior == null ? OptionalDouble.empty() : OptionalDouble.of(meanPrecisionPrior);
  }

  /** Prior mean m₀; default the column means of the data. */
  public Optional<double[]> meanPrior() {
    return Optional.ofNullable(meanPrior).map(double[]::clone);
  }

  /** Wishart degrees of freedom ν₀ (must exceed d - 1); default d. */
  public OptionalDouble degreesOfFreedomPrior() {
    return degreesOfFreedomPrior == null ? OptionalDouble.empty() : OptionalDouble.of(degreesOfFreedomPrior);
  }

  /** Wishart covariance prior; default the empirical covariance of the data (ddof = 1). */
  public Optional<double[][]> covariancePrior() {
    return Optional.ofNullable(covariancePrior).map(DpgmmParams::deepCopy);
  }

  /** Lloyd iteration cap of the k-means initialisation (scikit-learn: 300). */
  public int kmeansMaxIter() {
    return kmeansMaxIter;
  }

  /** k-means stops when the squared centre shift ≤ kmeansTol × mean feature variance (scikit-learn: 1e-4). */
  public double kmeansTol() {
    return kmeansTol;
  }

  @Override
  public String toString() {
    return "DpgmmParams[maxComponents=" + maxComponents + ", tol=" + tol + ", maxIter=" + maxIter + ", nInit="
        + nInit + ", regCovar=" + regCovar + ", seed=" + seed + ", initialLabels="
        + (initialLabels == null ? "k-means++" : initialLabels.length + " given") + ", weightThreshold="
        + weightThreshold + ", parallelism=" + parallelism + ", weightConcentrationPrior="
        + weightConcentrationPrior + ", meanPrecisionPrior=" + meanPrecisionPrior + ", meanPrior="
        + Arrays.toString(meanPrior) + ", degreesOfFreedomPrior=" + degreesOfFreedomPrior + ", covariancePrior="
        + (covariancePrior == null ? "empirical" : "given") + "]";
  }

  /** Builder; every setter is optional. */
  public static final class Builder {
    private int maxComponents = DEFAULT_MAX_COMPONENTS;
    private double tol = DEFAULT_TOL;
    private int maxIter = DEFAULT_MAX_ITER;
    private int nInit = 1;
    private double regCovar = DEFAULT_REG_COVAR;
    private long seed = 0L;
    private int[] initialLabels;
    private double weightThreshold = DEFAULT_WEIGHT_THRESHOLD;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private Double weightConcentrationPrior;
    private Double meanPrecisionPrior;
    private double[] meanPrior;
    private Double degreesOfFreedomPrior;
    private double[][] covariancePrior;
    private int kmeansMaxIter = KMeans.DEFAULT_MAX_ITER;
    private double kmeansTol = KMeans.DEFAULT_TOL;

    private Builder() {}

    public Builder maxComponents(int value) {
      this.maxComponents = value;
      return this;
    }

    public Builder tol(double value) {
      this.tol = value;
      return this;
    }

    public Builder maxIter(int value) {
      this.maxIter = value;
      return this;
    }

    public Builder nInit(int value) {
      this.nInit = value;
      return this;
    }

    public Builder regCovar(double value) {
      this.regCovar = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Start EM from this hard assignment instead of k-means (null restores k-means++). */
    public Builder initialLabels(int[] labels) {
      this.initialLabels = labels == null ? null : labels.clone();
      return this;
    }

    public Builder weightThreshold(double value) {
      this.weightThreshold = value;
      return this;
    }

    public Builder parallelism(int value) {
      this.parallelism = value;
      return this;
    }

    public Builder weightConcentrationPrior(double value) {
      this.weightConcentrationPrior = value;
      return this;
    }

    public Builder meanPrecisionPrior(double value) {
      this.meanPrecisionPrior = value;
      return this;
    }

    public Builder meanPrior(double[] value) {
      this.meanPrior = value == null ? null : value.clone();
      return this;
    }

    public Builder degreesOfFreedomPrior(double value) {
      this.degreesOfFreedomPrior = value;
      return this;
    }

    public Builder covariancePrior(double[][] value) {
      this.covariancePrior = value == null ? null : deepCopy(value);
      return this;
    }

    public Builder kmeansMaxIter(int value) {
      this.kmeansMaxIter = value;
      return this;
    }

    public Builder kmeansTol(double value) {
      this.kmeansTol = value;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid setting */
    public DpgmmParams build() {
      return new DpgmmParams(this);
    }
  }
}
