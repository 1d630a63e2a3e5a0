package dev.defuse.correction.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.messaging.PoisonRecord;
import dev.defuse.common.messaging.Retry;
import dev.defuse.correction.config.CorrectionConfig;
import dev.defuse.correction.domain.SweepWorker;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code correction-sweep}: each record is one λ of one job's sweep, trained on the
 * {@value Channels#SWEEP_WORKERS} worker pool (never on the Kafka poll thread, which keeps polling, paused, while a
 * point trains for minutes) and acknowledged once its result is durable. Replicas share a sweep through the topic's
 * partitions; a point redelivered after a crash or rebalance is skipped when its result exists.
 *
 * <p>Records that cannot be read (null payload) and events other than sweep points go to
 * {@code correction-sweep-dlq}. A point that fails for good is recorded as a failed point by the worker; one that
 * cannot even be recorded (object store down beyond the retries) stops the channel: health goes DOWN, nothing past
 * it is committed, and the restarted replica resumes from it. Such a record is never dead-lettered.
 */
@ApplicationScoped
public class SweepConsumer {

    private static final Logger LOG = Logger.getLogger(SweepConsumer.class);

    private final SweepWorker worker;
    private final CorrectionConfig config;

    public SweepConsumer(SweepWorker worker, CorrectionConfig config) {
        this.worker = worker;
        this.config = config;
    }

    @Incoming(Channels.SWEEP_IN)
    @Blocking(Channels.SWEEP_WORKERS)
    public CompletionStage<Void> consume(Message<DefuseEvent> message) {
        if (!(message.getPayload() instanceof SweepPoint point)) {
            return PoisonRecord.unexpected(message, Channels.SWEEP_IN, SweepPoint.class);
        }
        String what = "sweep point " + point.partitionKey();
        try {
            Retry.run(what, config.recordAttempts(), config.pointRetryDelay(), e -> true, () -> worker.process(point));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed %d times; the correction-sweep channel stops (health DOWN) without committing "
                    + "it, so a restart receives it again", what, config.recordAttempts());
            throw e;
        }
        return message.ack();
    }
}
