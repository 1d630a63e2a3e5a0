package dev.defuse.correction.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.messaging.PoisonRecord;
import dev.defuse.common.messaging.Retry;
import dev.defuse.correction.config.CorrectionConfig;
import dev.defuse.correction.domain.LabelsIntake;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code labels}. A region's decision is stored before its record is acknowledged; a job's completion
 * becomes the failure data, the plan and one {@code correction-sweep} record per point, and is acknowledged once the
 * broker acknowledged every point. A job's records share one partition (key: job id) and are processed in order.
 * Every step is idempotent (a region's decision is stored once, a published sweep is remembered), so redelivery
 * changes nothing.
 *
 * <p>Records that cannot be read (null payload) and events of another type go to {@code labels-dlq}; a job
 * whose labels cannot be corrected ends with a FAILED outcome instead. Failures that may pass (object store or
 * broker unreachable) are retried and then stop the channel without committing the record, never dead-lettered.
 */
@ApplicationScoped
public class LabelsConsumer {

    private static final Logger LOG = Logger.getLogger(LabelsConsumer.class);

    private final LabelsIntake intake;
    private final EventPublisher publisher;
    private final CorrectionConfig config;

    public LabelsConsumer(LabelsIntake intake, EventPublisher publisher, CorrectionConfig config) {
        this.intake = intake;
        this.publisher = publisher;
        this.config = config;
    }

    @Incoming(Channels.LABELS_IN)
    @Blocking
    public CompletionStage<Void> consume(Message<DefuseEvent> message) {
        DefuseEvent event = message.getPayload();
        if (!(event instanceof RegionLabeled) && !(event instanceof LabelingCompleted)) {
            return PoisonRecord.unexpected(message, Channels.LABELS_IN, RegionLabeled.class, LabelingCompleted.class);
        }
        String what = event.getClass().getSimpleName() + " " + event.eventId() + " of job " + event.jobId();
        try {
            Retry.run(what, config.recordAttempts(), config.pointRetryDelay(), e -> true, () -> handle(event));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed %d times; the labels channel stops (health DOWN) without committing it, so a "
                    + "restart receives it again", what, config.recordAttempts());
            throw e;
        }
        return message.ack();
    }

    private void handle(DefuseEvent event) {
        if (event instanceof RegionLabeled labeled) {
            intake.record(labeled);
        } else if (event instanceof LabelingCompleted done) {
            List<SweepPoint> points = intake.complete(done);
            if (!points.isEmpty()) {
                publisher.publishSweep(points);
                intake.published(done.jobId(), points.size());
                LOG.infof("job %s: published %d sweep points", done.jobId(), points.size());
            }
        }
    }
}
