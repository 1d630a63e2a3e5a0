package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One kept mistake of identify (Algorithm 1): the perturbed latent code {@code z = μ + ε} of training image
 * {@code imageIndex} decoded to an image the classifier labels {@code predictedLabel} instead of
 * {@code originalLabel}. The decoded image is row {@code row} of the shard's tensor object {@code tensorKey}.
 */
public record MistakeFound(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        int shardIndex,
        int imageIndex,
        int originalLabel,
        int predictedLabel,
        float[] z,
        double epsNorm,
        String tensorKey,
        int row) implements DefuseEvent {

    public MistakeFound {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.nonNegative(shardIndex, "shardIndex");
        Require.nonNegative(imageIndex, "imageIndex");
        Require.nonNegative(originalLabel, "originalLabel");
        Require.nonNegative(predictedLabel, "predictedLabel");
        Require.check(originalLabel != predictedLabel,
                "a mistake needs predictedLabel != originalLabel, both are " + originalLabel);
        Require.finite(z, "z");
        Require.check(z.length > 0, "z must not be empty");
        z = z.clone();
        Require.nonNegative(epsNorm, "epsNorm");
        Require.nonBlank(tensorKey, "tensorKey");
        Require.nonNegative(row, "row");
    }

    /** The mistake with its deterministic event id ({@code jobId:mistake:shardIndex:row}). */
    public static MistakeFound of(String jobId, int shardIndex, int imageIndex, int originalLabel, int predictedLabel,
                                  float[] z, double epsNorm, String tensorKey, int row) {
        return new MistakeFound(EventIds.of(jobId, "mistake", shardIndex, row), jobId, Instant.now(), shardIndex,
                imageIndex, originalLabel, predictedLabel, z, epsNorm, tensorKey, row);
    }

    /** A copy of the latent code. */
    @Override
    public float[] z() {
        return z.clone();
    }

    /** Dimension of the latent code. */
    public int latentDim() {
        return z.length;
    }

    @Override
    public String topic() {
        return Topics.MISTAKES;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MistakeFound m
                && eventId.equals(m.eventId) && jobId.equals(m.jobId) && occurredAt.equals(m.occurredAt)
                && shardIndex == m.shardIndex && imageIndex == m.imageIndex && originalLabel == m.originalLabel
                && predictedLabel == m.predictedLabel && Arrays.equals(z, m.z)
                && Double.compare(epsNorm, m.epsNorm) == 0 && tensorKey.equals(m.tensorKey) && row == m.row;
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, jobId, occurredAt, shardIndex, imageIndex, originalLabel, predictedLabel,
                Arrays.hashCode(z), epsNorm, tensorKey, row);
    }

    @Override
    public String toString() {
        return "MistakeFound[eventId=" + eventId + ", jobId=" + jobId + ", occurredAt=" + occurredAt
                + ", shardIndex=" + shardIndex + ", imageIndex=" + imageIndex + ", originalLabel=" + originalLabel
                + ", predictedLabel=" + predictedLabel + ", z=" + Arrays.toString(z) + ", epsNorm=" + epsNorm
                + ", tensorKey=" + tensorKey + ", row=" + row + "]";
    }
}
