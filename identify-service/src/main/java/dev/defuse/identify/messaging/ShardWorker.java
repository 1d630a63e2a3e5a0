package dev.defuse.identify.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.messaging.PoisonRecord;
import dev.defuse.common.messaging.Retry;
import dev.defuse.identify.config.IdentifyConfig;
import dev.defuse.identify.domain.ShardFailure;
import dev.defuse.identify.domain.ShardFailures;
import dev.defuse.identify.domain.ShardProcessor;
import dev.defuse.identify.persistence.JobDocuments;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code identify-shards}: replicas in the consumer group {@code identify-service} share the partitions,
 * so adding replicas spreads a job's shards. A shard runs on the {@code identify-worker} pool (unordered: shards
 * are independent) and its record is acknowledged only after the shard's tensor object, its result document and
 * all its {@code mistakes} records are durable; the throttled commit strategy then commits the offset. A crash
 * before that redelivers the shard, which is republished from the stored result or recomputed with the same seeds.
 * Transient failures (object store or broker unavailable) are retried and, when they outlast
 * {@code defuse.identify.shard-attempts}, stop the channel without committing the record: never dead-lettered. A
 * shard that fails for good (missing model, bad spec) is recorded ({@code GET /jobs/{id}} shows it) and its record
 * goes to {@code identify-shards-dlq}, as do records that are not shards (unreadable ones arrive with a null
 * payload).
 */
@ApplicationScoped
public class ShardWorker {

    private static final Logger LOG = Logger.getLogger(ShardWorker.class);

    private final ShardProcessor processor;
    private final EventPublisher publisher;
    private final JobDocuments documents;
    private final IdentifyConfig config;

    public ShardWorker(ShardProcessor processor, EventPublisher publisher, JobDocuments documents,
                       IdentifyConfig config) {
        this.processor = processor;
        this.publisher = publisher;
        this.documents = documents;
        this.config = config;
    }

    @Incoming(Channels.SHARDS_IN)
    @Blocking(value = Channels.WORKER_POOL, ordered = false)
    public CompletionStage<Void> process(Message<DefuseEvent> message) {
        if (!(message.getPayload() instanceof IdentifyShard shard)) {
            return PoisonRecord.unexpected(message, Channels.SHARDS_IN, IdentifyShard.class);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                ShardProcessor.Outcome outcome = processor.process(shard);
                long publishing = System.nanoTime();
                publisher.publishShard(outcome.result());
                LOG.debugf("shard %d of job %s: %d events acknowledged in %.2f s", shard.shardIndex(), shard.jobId(),
                        outcome.result().mistakeCount() + 1, (System.nanoTime() - publishing) / 1e9);
                if (attempt > 1 || outcome.reused()) {
                    documents.clearFailure(shard.jobId(), shard.shardIndex());
                }
                return message.ack();
            } catch (RuntimeException e) {
                if (ShardFailures.permanent(e)) {
                    return fail(message, shard, e, attempt);
                }
                if (attempt >= config.shardAttempts()) {
                    throw stopChannel(shard, e, attempt);
                }
                Duration wait = Retry.backoff(config.retryBackoff(), attempt);
                LOG.warnf("shard %d of job %s failed (attempt %d of %d), retrying in %s: %s", shard.shardIndex(),
                        shard.jobId(), attempt, config.shardAttempts(), wait, ShardFailures.describe(e));
                if (!Retry.sleep(wait)) {
                    throw e; // shutting down: neither acknowledged nor dead-lettered, so it is redelivered
                }
            }
        }
    }

    /**
     * A transient failure outlasted the attempts: the failure ends the channel's stream (health DOWN), leaving the
     * record neither acknowledged nor dead-lettered, so the restarted replica (or another one) runs it again.
     */
    private static RuntimeException stopChannel(IdentifyShard shard, RuntimeException e, int attempts) {
        LOG.errorf(e, "shard %d of job %s still fails after %d attempts on something that may pass (%s); the "
                + "identify-shards channel stops (health DOWN) without committing it, so a restart runs it again",
                shard.shardIndex(), shard.jobId(), attempts, ShardFailures.describe(e));
        return e;
    }

    /** A failure retrying cannot fix (missing model, bad spec): recorded for GET /jobs/{id}, then dead-lettered. */
    private CompletionStage<Void> fail(Message<DefuseEvent> message, IdentifyShard shard, RuntimeException e,
                                       int attempts) {
        String error = ShardFailures.describe(e);
        LOG.errorf(e, "shard %d of job %s failed for good after %d attempt(s); its record goes to the dead-letter "
                + "topic: %s", shard.shardIndex(), shard.jobId(), attempts, error);
        try {
            documents.writeFailure(new ShardFailure(shard.jobId(), shard.shardIndex(), error, attempts,
                    processor.worker(), Instant.now()));
        } catch (RuntimeException storeDown) {
            LOG.errorf("cannot record the failure of shard %d of job %s: %s", shard.shardIndex(), shard.jobId(),
                    storeDown.getMessage());
        }
        return PoisonRecord.deadLetter(message, new PoisonRecord("shard " + shard.shardIndex() + " of job "
                + shard.jobId() + " cannot be processed: " + error, e));
    }
}
