package dev.defuse.identify.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.ShardCompleted;
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
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Reads the stage's own {@code mistakes} topic (consumer group {@code identify-service-progress}) to keep each job's
 * progress document and to publish {@code IdentifyCompleted} when its last shard is done. Records are keyed by job
 * id, so one replica owns each job's progress; a {@code ShardCompleted} record is acknowledged after the document
 * (and the completion event) are durable, other records at once. Transient failures are retried in place (the
 * partition waits); a record that still fails goes to the dead-letter topic.
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
        if (!(message.getPayload() instanceof ShardCompleted completed)) {
            return message.ack();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                tracker.record(completed);
                return message.ack();
            } catch (RuntimeException e) {
                if (attempt >= config.shardAttempts()) {
                    LOG.errorf(e, "cannot record shard %d of job %s; the record goes to the dead-letter topic",
                            completed.shardIndex(), completed.jobId());
                    return message.nack(e);
                }
                Duration wait = Backoff.after(config.retryBackoff(), attempt);
                LOG.warnf("recording shard %d of job %s failed (attempt %d), retrying in %s: %s",
                        completed.shardIndex(), completed.jobId(), attempt, wait, ShardFailures.describe(e));
                if (!Backoff.sleep(wait)) {
                    return message.nack(e);
                }
            }
        }
    }
}
