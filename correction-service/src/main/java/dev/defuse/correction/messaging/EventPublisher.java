package dev.defuse.correction.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.correction.config.CorrectionConfig;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes the stage's events with their partition key and waits until the broker acknowledged them, so a caller
 * marks something as published (or acknowledges the record that caused it) only once it is.
 */
@ApplicationScoped
public class EventPublisher {

    private final Emitter<DefuseEvent> sweep;
    private final Emitter<DefuseEvent> models;
    private final CorrectionConfig config;

    public EventPublisher(@Channel(Channels.SWEEP_OUT) Emitter<DefuseEvent> sweep,
                          @Channel(Channels.MODELS_OUT) Emitter<DefuseEvent> models, CorrectionConfig config) {
        this.sweep = sweep;
        this.models = models;
        this.config = config;
    }

    /** Publishes every point (key {@code jobId/variant/index}) and waits for all acknowledgements. */
    public void publishSweep(List<SweepPoint> points) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (SweepPoint point : points) {
            acks.add(send(sweep, point));
        }
        await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)), points.size() + " sweep points");
    }

    /** Publishes the registration (key: job id) and waits for the acknowledgement. */
    public void publishModel(ModelRegistered event) {
        await(send(models, event), "ModelRegistered " + event.eventId());
    }

    private static CompletableFuture<Void> send(Emitter<DefuseEvent> emitter, DefuseEvent event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.partitionKey()).build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }

    private void await(CompletableFuture<?> acked, String what) {
        try {
            acked.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishException("the broker refused " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("the broker did not acknowledge " + what + " within "
                    + config.publishTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing " + what, e);
        }
    }
}
