package dev.defuse.identify.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.messaging.PoisonRecord;
import dev.defuse.common.messaging.Retry;
import dev.defuse.identify.config.IdentifyConfig;
import dev.defuse.identify.domain.ProgressTracker;
import dev.defuse.identify.domain.ShardFailures;
import dev.defuse.identify.persistence.JobDocuments;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * Reads the stage's own {@code mistakes} topic (consumer group {@code identify-service-progress}) to keep each job's
 * progress document and to publish {@code IdentifyCompleted} when its last shard is done. Records are keyed by job
 * id, so one replica owns each job's progress; a {@code ShardCompleted} record is acknowledged after the document
 * (and the completion event) are durable, other records at once. Idempotent: the document counts each shard once
 * and the completion has a deterministic event id. Transient failures are retried in place (the partition waits)
 * and then stop the channel without committing the record; records of other stages and completions that can never
 * be recorded go to {@code mistakes-dlq}.
 */
@ApplicationScoped
public class MistakesConsumer {

    private static final Logger LOG = Logger.getLogger(MistakesConsumer.class);

    private final ProgressTracker tracker;
    private final IdentifyConfig config;

    public MistakesConsumer(JobDocuments documents, EventPublisher publisher, IdentifyConfig config) {
        this.tracker = new ProgressTracker(documents, publisher::publishCompletion, Clock.systemUTC());
        this.config = config;
    }

    @Incoming(Channels.MISTAKES_IN)
    @Blocking
    public CompletionStage<Void> track(Message<DefuseEvent> message) {
        Object payload = message.getPayload();
        if (payload instanceof MistakeFound || payload instanceof IdentifyCompleted) {
            return message.ack(); // nothing to keep: progress counts shards
        }
        if (!(payload instanceof ShardCompleted completed)) {
            return PoisonRecord.unexpected(message, Channels.MISTAKES_IN, MistakeFound.class, ShardCompleted.class,
                    IdentifyCompleted.class);
        }
        String what = "recording shard " + completed.shardIndex() + " of job " + completed.jobId();
        try {
            Retry.run(what, config.shardAttempts(), config.retryBackoff(), e -> !ShardFailures.permanent(e),
                    () -> tracker.record(completed));
        } catch (RuntimeException e) {
            if (ShardFailures.permanent(e)) {
                LOG.errorf(e, "%s failed for good; the record goes to the dead-letter topic", what);
                return PoisonRecord.deadLetter(message, new PoisonRecord(what + " failed: "
                        + ShardFailures.describe(e), e));
            }
            LOG.errorf(e, "%s failed %d times; the mistakes channel stops (health DOWN) without committing it, so a "
                    + "restart receives it again", what, config.shardAttempts());
            throw e;
        }
        return message.ack();
    }
}
