package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Distill finished a job: all its {@link RegionFound} records precede this event on {@link Topics#REGIONS}.
 *
 * @param mistakesReceived mistakes of the job's complete mistake set
 * @param codesFitted      latent codes the DP-GMM was fitted on (after seeded downsampling)
 * @param iterations       variational iterations of the best initialisation
 * @param converged        whether the lower bound converged within the iteration limit
 * @param lowerBound       the fit's evidence lower bound; null when there was nothing to fit (no mistakes)
 */
public record DistillCompleted(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        int regionCount,
        long mistakesReceived,
        int codesFitted,
        int iterations,
        boolean converged,
        Double lowerBound) implements DefuseEvent {

    public DistillCompleted {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.nonNegative(regionCount, "regionCount");
        Require.nonNegative(mistakesReceived, "mistakesReceived");
        Require.nonNegative(codesFitted, "codesFitted");
        Require.check(codesFitted <= mistakesReceived,
                "codesFitted " + codesFitted + " exceeds mistakesReceived " + mistakesReceived);
        Require.nonNegative(iterations, "iterations");
        Require.check(codesFitted == 0 || lowerBound != null, "lowerBound is required when codes were fitted");
        if (lowerBound != null) {
            Require.finite(lowerBound, "lowerBound");
        }
    }

    /** The completion with its deterministic event id ({@code jobId:distill-completed}). */
    public static DistillCompleted of(String jobId, int regionCount, long mistakesReceived, int codesFitted,
                                      int iterations, boolean converged, Double lowerBound) {
        return new DistillCompleted(EventIds.of(jobId, "distill-completed"), jobId, Instant.now(), regionCount,
                mistakesReceived, codesFitted, iterations, converged, lowerBound);
    }

    @Override
    public String topic() {
        return Topics.REGIONS;
    }
}
