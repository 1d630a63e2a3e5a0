package dev.defuse.distill.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.distill.config.DistillConfig;
import dev.defuse.distill.domain.PublishFailedException;
import dev.defuse.distill.domain.RegionEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Publishes a job's events to {@code regions} (record key: the job id, so they stay in order on one partition;
 * producer {@code acks=all} with idempotence) and waits until the broker acknowledged each one.
 */
@ApplicationScoped
public class RegionPublisher implements RegionEvents {

  /** Records sent before waiting for their acknowledgements; well below the emitter's default buffer (128). */
  static final int MAX_IN_FLIGHT = 64;

  private final Emitter<DefuseEvent> emitter;
  private final DistillConfig config;
  private final Counter published;

  public RegionPublisher(@Channel(Channels.REGIONS_OUT) Emitter<DefuseEvent> emitter, DistillConfig config,
      MeterRegistry registry) {
    this.emitter = emitter;
    this.config = config;
    this.published = Counter.builder("defuse.distill.events.published")
        .description("RegionFound and DistillCompleted records acknowledged by the broker").register(registry);
  }

  @Override
  public void publish(List<? extends DefuseEvent> events) {
    // in chunks: the emitter buffers a bounded number of unsent messages, and a job may have hundreds of regions
    for (int from = 0; from < events.size(); from += MAX_IN_FLIGHT) {
      publishChunk(events.subList(from, Math.min(events.size(), from + MAX_IN_FLIGHT)));
    }
  }

  private void publishChunk(List<? extends DefuseEvent> events) {
    List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
    for (DefuseEvent event : events) {
      CompletableFuture<Void> acked = new CompletableFuture<>();
      acks.add(acked);
      Message<DefuseEvent> message = Message.of(event)
          .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.partitionKey()).build())
          .withAck(() -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
          })
          .withNack(failure -> {
            acked.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
          });
      try {
        emitter.send(message);
      } catch (RuntimeException e) {
        throw new PublishFailedException("cannot send " + describe(event) + ": " + e.getMessage(), e);
      }
    }
    long deadline = System.nanoTime() + config.publishTimeout().toNanos();
    for (int i = 0; i < acks.size(); i++) {
      try {
        acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        published.increment();
      } catch (ExecutionException e) {
        throw new PublishFailedException("the broker refused " + describe(events.get(i)) + ": "
            + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new PublishFailedException(describe(events.get(i)) + " was not acknowledged within "
            + config.publishTimeout(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishFailedException("interrupted while publishing " + describe(events.get(i)), e);
      }
    }
  }

  private static String describe(DefuseEvent event) {
    return event.getClass().getSimpleName() + " " + event.eventId() + " of job " + event.jobId();
  }
}
