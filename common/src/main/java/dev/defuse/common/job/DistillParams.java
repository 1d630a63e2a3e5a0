package dev.defuse.common.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.defuse.common.util.Require;

/**
 * Parameters of distill. A JSON object may leave out any field: it takes the default.
 *
 * @param maxComponents   K, the truncation of the Dirichlet-process mixture (default 100)
 * @param weightThreshold components with a larger weight become candidate regions (default 0.01)
 * @param tau             region samples are drawn from N(μ, τ·Σ) (default 0.5)
 * @param reviewSamples   samples per region shown to annotators (default 10)
 * @param finetuneSamples samples per region for fine-tuning (default 256)
 * @param testSamples     held-out samples per region for the region test set (default 256)
 * @param maxCodes        the mistake codes are downsampled (seeded) to at most this many before fitting (default 50,000)
 * @param seed            seed of downsampling, initialisation and region sampling
 */
public record DistillParams(int maxComponents, double weightThreshold, double tau, int reviewSamples,
                            int finetuneSamples, int testSamples, int maxCodes, long seed) {

    public static final int DEFAULT_MAX_COMPONENTS = 100;
    public static final double DEFAULT_WEIGHT_THRESHOLD = 0.01;
    public static final double DEFAULT_TAU = 0.5;
    public static final int DEFAULT_REVIEW_SAMPLES = 10;
    public static final int DEFAULT_FINETUNE_SAMPLES = 256;
    public static final int DEFAULT_TEST_SAMPLES = 256;
    public static final int DEFAULT_MAX_CODES = 50_000;
    public static final long DEFAULT_SEED = 0;

    public DistillParams {
        Require.positive(maxComponents, "distill.maxComponents");
        Require.inRange(weightThreshold, 0.0, 1.0, "distill.weightThreshold");
        Require.positive(tau, "distill.tau");
        Require.positive(reviewSamples, "distill.reviewSamples");
        Require.positive(finetuneSamples, "distill.finetuneSamples");
        Require.positive(testSamples, "distill.testSamples");
        Require.positive(maxCodes, "distill.maxCodes");
    }

    public static DistillParams defaults() {
        return new DistillParams(DEFAULT_MAX_COMPONENTS, DEFAULT_WEIGHT_THRESHOLD, DEFAULT_TAU, DEFAULT_REVIEW_SAMPLES,
                DEFAULT_FINETUNE_SAMPLES, DEFAULT_TEST_SAMPLES, DEFAULT_MAX_CODES, DEFAULT_SEED);
    }

    @JsonCreator
    static DistillParams fromJson(@JsonProperty("maxComponents") Integer maxComponents,
                                  @JsonProperty("weightThreshold") Double weightThreshold,
                                  @JsonProperty("tau") Double tau,
                                  @JsonProperty("reviewSamples") Integer reviewSamples,
                                  @JsonProperty("finetuneSamples") Integer finetuneSamples,
                                  @JsonProperty("testSamples") Integer testSamples,
                                  @JsonProperty("maxCodes") Integer maxCodes,
                                  @JsonProperty("seed") Long seed) {
        DistillParams d = defaults();
        return new DistillParams(
                maxComponents != null ? maxComponents : d.maxComponents,
                weightThreshold != null ? weightThreshold : d.weightThreshold,
                tau != null ? tau : d.tau,
                reviewSamples != null ? reviewSamples : d.reviewSamples,
                finetuneSamples != null ? finetuneSamples : d.finetuneSamples,
                testSamples != null ? testSamples : d.testSamples,
                maxCodes != null ? maxCodes : d.maxCodes,
                seed != null ? seed : d.seed);
    }

    public DistillParams withSamples(int review, int finetune, int test) {
        return new DistillParams(maxComponents, weightThreshold, tau, review, finetune, test, maxCodes, seed);
    }

    public DistillParams withMaxComponents(int k) {
        return new DistillParams(k, weightThreshold, tau, reviewSamples, finetuneSamples, testSamples, maxCodes, seed);
    }
}
