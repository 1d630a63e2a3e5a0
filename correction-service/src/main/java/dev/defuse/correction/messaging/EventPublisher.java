package dev.defuse.correction.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.messaging.AcknowledgedSender;
import dev.defuse.correction.config.CorrectionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes the stage's events with their partition key and waits until the broker acknowledged them, so a caller
 * marks something as published (or acknowledges the record that caused it) only once it is. A refusal or a missing
 * acknowledgement is a {@link dev.defuse.common.messaging.PublishException}: transient, the caller retries.
 */
@ApplicationScoped
public class EventPublisher {

    private final AcknowledgedSender sweep;
    private final AcknowledgedSender models;

    public EventPublisher(@Channel(Channels.SWEEP_OUT) Emitter<DefuseEvent> sweep,
                          @Channel(Channels.MODELS_OUT) Emitter<DefuseEvent> models, CorrectionConfig config) {
        this.sweep = new AcknowledgedSender(sweep, config.publishTimeout());
        this.models = new AcknowledgedSender(models, config.publishTimeout());
    }

    /** Publishes every point (key {@code jobId/variant/index}) and waits for all acknowledgements. */
    public void publishSweep(List<SweepPoint> points) {
        sweep.sendAll(points);
    }

    /** Publishes the registration (key: job id) and waits for the acknowledgement. */
    public void publishModel(ModelRegistered event) {
        models.send(event);
    }
}
