package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Every region of a job is decided: all its {@link RegionLabeled} records precede this event on
 * {@link Topics#LABELS}.
 *
 * @param meanAgreement mean item agreement over all items of the job, in [0, 1]
 */
public record LabelingCompleted(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        int regionCount,
        int misclassificationRegionCount,
        long voteCount,
        double meanAgreement) implements DefuseEvent {

    public LabelingCompleted {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.nonNegative(regionCount, "regionCount");
        Require.nonNegative(misclassificationRegionCount, "misclassificationRegionCount");
        Require.check(misclassificationRegionCount <= regionCount, "misclassificationRegionCount "
                + misclassificationRegionCount + " exceeds regionCount " + regionCount);
        Require.nonNegative(voteCount, "voteCount");
        Require.inRange(meanAgreement, 0.0, 1.0, "meanAgreement");
    }

    /** The completion with its deterministic event id ({@code jobId:labeling-completed}). */
    public static LabelingCompleted of(String jobId, int regionCount, int misclassificationRegionCount,
                                       long voteCount, double meanAgreement) {
        return new LabelingCompleted(EventIds.of(jobId, "labeling-completed"), jobId, Instant.now(), regionCount,
                misclassificationRegionCount, voteCount, meanAgreement);
    }

    @Override
    public String topic() {
        return Topics.LABELS;
    }
}
