package dev.defuse.correction.domain;

import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;

/** One planned point of a job's sweep: fine-tune with {@code lambda} on the failure data of {@code variant}. */
public record PointSpec(SweepVariant variant, double lambda, int index, int count) {

    /** The work item published for this point. */
    public SweepPoint toEvent(String jobId) {
        return SweepPoint.of(jobId, variant, lambda, index, count);
    }

    public boolean matches(SweepPoint point) {
        return point.variant() == variant && point.index() == index;
    }
}
