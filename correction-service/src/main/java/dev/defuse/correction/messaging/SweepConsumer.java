package dev.defuse.correction.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.SweepPoint;
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
        if (message.getPayload() instanceof SweepPoint point) {
            Retries.run("sweep point " + point.partitionKey(), config.recordAttempts(), config.pointRetryDelay(),
                    () -> worker.process(point));
        } else {
            LOG.warnf("ignoring %s on the correction-sweep topic", message.getPayload().getClass().getSimpleName());
        }
        return message.ack();
    }
}
