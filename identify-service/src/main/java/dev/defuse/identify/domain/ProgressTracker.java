package dev.defuse.identify.domain;

import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.util.Require;
import dev.defuse.identify.persistence.JobDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Keeps a job's progress document from its {@link ShardCompleted} events and publishes {@link IdentifyCompleted}
 * once every shard is done. Only the replica consuming the job's partition of {@code mistakes} calls it, one event
 * at a time, so there is a single writer per job. Idempotent: a redelivered event changes nothing, and a crash
 * between publishing the completion and recording it republishes the same event (same id) on redelivery.
 */
public final class ProgressTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

    private final JobDocuments documents;
    private final Consumer<IdentifyCompleted> publisher;
    private final Clock clock;

    /**
     * @param publisher publishes the completion event and returns once the broker acknowledged it
     */
    public ProgressTracker(JobDocuments documents, Consumer<IdentifyCompleted> publisher, Clock clock) {
        this.documents = Require.nonNull(documents, "documents");
        this.publisher = Require.nonNull(publisher, "publisher");
        this.clock = Require.nonNull(clock, "clock");
    }

    /** Records a finished shard; returns the job's progress afterwards. */
    public JobProgress record(ShardCompleted event) {
        JobProgress before = documents.progress(event.jobId())
                .orElseGet(() -> JobProgress.start(event.jobId(), event.shardCount()));
        if (before.shardCount() != event.shardCount()) {
            LOG.warn("ignoring {}: shard {} says job {} has {} shards, its progress has {}", event.eventId(),
                    event.shardIndex(), event.jobId(), event.shardCount(), before.shardCount());
            return before;
        }
        JobProgress progress = before.with(event, clock.instant());
        if (progress != before) {
            documents.writeProgress(progress);
        }
        if (progress.allShardsDone() && !progress.completed()) {
            IdentifyCompleted completion = progress.completionEvent();
            publisher.accept(completion);
            progress = progress.completedAt(clock.instant());
            documents.writeProgress(progress);
            LOG.info("job {} identified: {} shards, {} images ({} skipped), {} mistakes", event.jobId(),
                    progress.shardCount(), progress.imagesProcessed(), progress.imagesSkipped(),
                    progress.mistakeCount());
        }
        return progress;
    }
}
