package dev.defuse.correction.domain;

import java.time.Instant;

/** A job's terminal outcome without a registered model ({@code jobs/{jobId}/correction/outcome.json}). */
public record CorrectionOutcome(String jobId, JobState state, String message, Instant at) {
}
