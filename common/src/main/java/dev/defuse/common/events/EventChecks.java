package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.UUID;

/** The checks every event's compact constructor starts with. */
final class EventChecks {

    private EventChecks() {
    }

    /** Event id and time present, job id valid. */
    static void header(UUID eventId, String jobId, Instant occurredAt) {
        Require.nonNull(eventId, "eventId");
        Require.jobId(jobId);
        Require.nonNull(occurredAt, "occurredAt");
    }
}
