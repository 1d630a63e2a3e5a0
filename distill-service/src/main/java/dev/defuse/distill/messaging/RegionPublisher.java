package dev.defuse.distill.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.messaging.AcknowledgedSender;
import dev.defuse.common.messaging.PublishException;
import dev.defuse.distill.config.DistillConfig;
import dev.defuse.distill.domain.PublishFailedException;
import dev.defuse.distill.domain.RegionEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes a job's events to {@code regions} (record key: the job id, so they stay in order on one partition;
 * producer {@code acks=all} with idempotence) and waits until the broker acknowledged each one.
 */
@ApplicationScoped
public class RegionPublisher implements RegionEvents {

  private final AcknowledgedSender regions;
  private final Counter published;

  public RegionPublisher(@Channel(Channels.REGIONS_OUT) Emitter<DefuseEvent> emitter, DistillConfig config,
      MeterRegistry registry) {
    // a job may have hundreds of regions: the sender waits for acknowledgements in windows the emitter can buffer
    this.regions = new AcknowledgedSender(emitter, config.publishTimeout());
    this.published = Counter.builder("defuse.distill.events.published")
        .description("RegionFound and DistillCompleted records acknowledged by the broker").register(registry);
  }

  @Override
  public void publish(List<? extends DefuseEvent> events) {
    try {
      regions.sendAll(events);
    } catch (PublishException e) {
      throw new PublishFailedException(e.getMessage(), e);
    }
    published.increment(events.size());
  }
}
