package dev.defuse.correction.domain;

import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The sweep points this replica is training right now, with their progress (for {@code GET /jobs/{id}}). */
@ApplicationScoped
public class SweepActivity {

    /**
     * A point in training on this replica.
     *
     * @param epoch   current epoch (1-based)
     * @param batch   optimiser steps done in the epoch
     */
    public record Running(String jobId, SweepVariant variant, double lambda, int index, int epoch, int epochs,
                          int batch, int batches, Instant startedAt) {
    }

    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();

    void started(SweepPoint point, int epochs) {
        running.put(key(point), new Running(point.jobId(), point.variant(), point.lambda(), point.index(), 1, epochs,
                0, 0, Instant.now()));
    }

    void progress(SweepPoint point, int epoch, int epochs, int batch, int batches) {
        running.computeIfPresent(key(point), (k, r) -> new Running(r.jobId(), r.variant(), r.lambda(), r.index(),
                epoch, epochs, batch, batches, r.startedAt()));
    }

    void finished(SweepPoint point) {
        running.remove(key(point));
    }

    /** The job's points in training here. */
    public List<Running> running(String jobId) {
        return running.values().stream().filter(r -> r.jobId().equals(jobId)).toList();
    }

    private static String key(SweepPoint point) {
        return point.partitionKey();
    }
}
