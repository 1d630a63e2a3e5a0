package dev.defuse.identify.domain;

import java.time.Instant;

/**
 * A shard that could not be processed ({@code jobs/{jobId}/identify/failures/shard-NNNNN.json}); its record went to
 * the dead-letter topic. Removed when the shard later succeeds (e.g. after replaying the dead letter).
 */
public record ShardFailure(String jobId, int shardIndex, String error, int attempts, String worker, Instant failedAt) {
}
