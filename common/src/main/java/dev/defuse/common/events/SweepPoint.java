package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Work item on {@link Topics#CORRECTION_SWEEP}: fine-tune one job's model with weight {@code lambda} on the
 * failure data of {@code variant}; point {@code index} of the {@code count} points of that variant's sweep.
 */
public record SweepPoint(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        SweepVariant variant,
        double lambda,
        int index,
        int count) implements DefuseEvent {

    public SweepPoint {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.nonNull(variant, "variant");
        Require.nonNegative(lambda, "lambda");
        Require.positive(count, "count");
        Require.index(index, count, "index");
    }

    /** The sweep point with its deterministic event id ({@code jobId:sweep:variant:index}). */
    public static SweepPoint of(String jobId, SweepVariant variant, double lambda, int index, int count) {
        return new SweepPoint(EventIds.of(jobId, "sweep", variant, index), jobId, Instant.now(), variant, lambda,
                index, count);
    }

    @Override
    public String topic() {
        return Topics.CORRECTION_SWEEP;
    }

    /** {@code jobId/variant/index}: a sweep's points spread over the partitions so replicas share them. */
    @Override
    public String partitionKey() {
        return jobId + "/" + variant + "/" + index;
    }
}
