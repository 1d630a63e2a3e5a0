package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A candidate misclassification region of a job: a DP-GMM component with weight above the job's threshold,
 * region {@code regionId} of {@code regionCount} (ids {@code 0..regionCount-1}). The decoded samples drawn from
 * {@code N(mean, τ·covariance)} live in the object store: review samples (shown to annotators; the classifier's
 * predictions on them, row by row, are {@code reviewPredictions}), finetune samples and test samples.
 */
public record RegionFound(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        int regionId,
        int regionCount,
        double weight,
        double[] mean,
        double[][] covariance,
        TensorRef reviewSamples,
        TensorRef finetuneSamples,
        TensorRef testSamples,
        int[] reviewPredictions) implements DefuseEvent {

    public RegionFound {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.positive(regionCount, "regionCount");
        Require.index(regionId, regionCount, "regionId");
        Require.inRange(weight, 0.0, 1.0, "weight");
        Require.finite(mean, "mean");
        Require.check(mean.length > 0, "mean must not be empty");
        covariance = copySquare(covariance, mean.length);
        mean = mean.clone();
        Require.nonNull(reviewSamples, "reviewSamples");
        Require.nonNull(finetuneSamples, "finetuneSamples");
        Require.nonNull(testSamples, "testSamples");
        Require.nonNull(reviewPredictions, "reviewPredictions");
        Require.check(reviewPredictions.length > 0, "reviewPredictions must not be empty");
        for (int i = 0; i < reviewPredictions.length; i++) {
            Require.nonNegative(reviewPredictions[i], "reviewPredictions[" + i + "]");
        }
        reviewPredictions = reviewPredictions.clone();
    }

    /** The region with its deterministic event id ({@code jobId:region:regionId}). */
    public static RegionFound of(String jobId, int regionId, int regionCount, double weight, double[] mean,
                                 double[][] covariance, TensorRef reviewSamples, TensorRef finetuneSamples,
                                 TensorRef testSamples, int[] reviewPredictions) {
        return new RegionFound(EventIds.of(jobId, "region", regionId), jobId, Instant.now(), regionId, regionCount,
                weight, mean, covariance, reviewSamples, finetuneSamples, testSamples, reviewPredictions);
    }

    private static double[][] copySquare(double[][] matrix, int dim) {
        Require.nonNull(matrix, "covariance");
        Require.check(matrix.length == dim,
                "covariance must be " + dim + "x" + dim + " (the mean's dimension), has " + matrix.length + " rows");
        double[][] copy = new double[dim][];
        for (int i = 0; i < dim; i++) {
            Require.finite(matrix[i], "covariance[" + i + "]");
            Require.check(matrix[i].length == dim,
                    "covariance row " + i + " has " + matrix[i].length + " columns, expected " + dim);
            copy[i] = matrix[i].clone();
        }
        return copy;
    }

    /** Dimension of the latent space. */
    public int latentDim() {
        return mean.length;
    }

    /** Number of review samples (items for annotators). */
    public int reviewCount() {
        return reviewPredictions.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[][] covariance() {
        return copySquare(covariance, mean.length);
    }

    @Override
    public int[] reviewPredictions() {
        return reviewPredictions.clone();
    }

    @Override
    public String topic() {
        return Topics.REGIONS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegionFound r
                && eventId.equals(r.eventId) && jobId.equals(r.jobId) && occurredAt.equals(r.occurredAt)
                && regionId == r.regionId && regionCount == r.regionCount && Double.compare(weight, r.weight) == 0
                && Arrays.equals(mean, r.mean) && Arrays.deepEquals(covariance, r.covariance)
                && reviewSamples.equals(r.reviewSamples) && finetuneSamples.equals(r.finetuneSamples)
                && testSamples.equals(r.testSamples) && Arrays.equals(reviewPredictions, r.reviewPredictions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, jobId, occurredAt, regionId, regionCount, weight, Arrays.hashCode(mean),
                Arrays.deepHashCode(covariance), reviewSamples, finetuneSamples, testSamples,
                Arrays.hashCode(reviewPredictions));
    }

    @Override
    public String toString() {
        return "RegionFound[eventId=" + eventId + ", jobId=" + jobId + ", occurredAt=" + occurredAt
                + ", regionId=" + regionId + ", regionCount=" + regionCount + ", weight=" + weight
                + ", mean=" + Arrays.toString(mean) + ", covariance=" + Arrays.deepToString(covariance)
                + ", reviewSamples=" + reviewSamples + ", finetuneSamples=" + finetuneSamples
                + ", testSamples=" + testSamples + ", reviewPredictions=" + Arrays.toString(reviewPredictions) + "]";
    }
}
