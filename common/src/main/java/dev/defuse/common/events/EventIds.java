package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids. A fact that redelivery can recreate (mistake {@code row} of shard 3 of job j) always
 * gets the same id, so consumers deduplicate by event id: the id is the name-based (type 3) UUID of
 * {@code "defuse:" + jobId + ":" + parts joined by ':'}.
 */
public final class EventIds {

    private EventIds() {
    }

    /**
     * The id of the fact named by {@code jobId} and {@code parts} (e.g. {@code of(jobId, "mistake", shard, row)}).
     * Parts are rendered with {@code toString()} and must not contain ':' (which would make two names collide).
     */
    public static UUID of(String jobId, Object... parts) {
        Require.jobId(jobId);
        StringBuilder name = new StringBuilder("defuse:").append(jobId);
        for (int i = 0; i < parts.length; i++) {
            String part = String.valueOf(Require.nonNull(parts[i], "event id part " + i));
            Require.check(part.indexOf(':') < 0, "event id part " + i + " must not contain ':', got '" + part + "'");
            name.append(':').append(part);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8));
    }
}
