package dev.defuse.labeling.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.RegionFound;
import dev.defuse.labeling.domain.RegionIntakeService;
import dev.defuse.labeling.store.JobSpecReader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes the {@code regions} topic. Each event is stored in its own transaction (idempotent by event id) and the
 * record is acknowledged only after that transaction committed, so a crash redelivers rather than loses it.
 */
@ApplicationScoped
public class RegionsConsumer {

  private static final Logger LOG = Logger.getLogger(RegionsConsumer.class);

  private final RegionIntakeService intake;
  private final JobSpecReader specs;

  public RegionsConsumer(RegionIntakeService intake, JobSpecReader specs) {
    this.intake = intake;
    this.specs = specs;
  }

  @Incoming(Channels.REGIONS_IN)
  @Blocking
  public CompletionStage<Void> consume(Message<DefuseEvent> message) {
    DefuseEvent event = message.getPayload();
    boolean fresh;
    if (event instanceof RegionFound region) {
      fresh = intake.accept(region, () -> specs.read(region.jobId()));
    } else if (event instanceof DistillCompleted done) {
      fresh = intake.accept(done, () -> specs.read(done.jobId()));
    } else {
      LOG.warnf("ignoring %s %s on the regions topic", event.getClass().getSimpleName(), event.eventId());
      return message.ack();
    }
    if (!fresh) {
      LOG.debugf("event %s was processed before; skipped", event.eventId());
    }
    return message.ack();
  }
}
