package dev.defuse.correction.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.SweepPoint;
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
        Retries.run(event.getClass().getSimpleName() + " " + event.eventId(), config.recordAttempts(),
                config.pointRetryDelay(), () -> handle(event));
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
        } else {
            LOG.warnf("ignoring %s %s on the labels topic", event.getClass().getSimpleName(), event.eventId());
        }
    }
}
