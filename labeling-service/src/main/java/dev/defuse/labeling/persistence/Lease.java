package dev.defuse.labeling.persistence;

import java.time.Instant;
import java.util.UUID;

/** A task leased to one annotator: its assignment, the item and its job, and when the lease expires. */
public record Lease(UUID assignmentId, long itemId, String jobId, String annotatorId, Instant expiresAt) {}
