package dev.defuse.labeling.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.messaging.PoisonRecord;
import dev.defuse.common.messaging.Retry;
import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.TensorFormatException;
import dev.defuse.labeling.domain.RegionIntakeService;
import dev.defuse.labeling.store.JobSpecReader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes the {@code regions} topic. Each event is stored in its own transaction (idempotent by event id: the
 * {@code processed_event} table) and the record is acknowledged only after that transaction committed, so a crash
 * redelivers rather than loses it.
 *
 * <p>What cannot be processed goes to {@code regions-dlq}: records that cannot be read (they arrive with a null
 * payload), events of another type, and events whose job cannot be labeled (its spec missing or invalid).
 * Failures that may pass (database or object store unreachable) are retried ({@link IntakeRetryConfig}) and then
 * stop the channel without committing the record: they are never dead-lettered.
 */
@ApplicationScoped
public class RegionsConsumer {

  private static final Logger LOG = Logger.getLogger(RegionsConsumer.class);

  private final RegionIntakeService intake;
  private final JobSpecReader specs;
  private final IntakeRetryConfig retry;

  public RegionsConsumer(RegionIntakeService intake, JobSpecReader specs, IntakeRetryConfig retry) {
    this.intake = intake;
    this.specs = specs;
    this.retry = retry;
  }

  @Incoming(Channels.REGIONS_IN)
  @Blocking
  public CompletionStage<Void> consume(Message<DefuseEvent> message) {
    DefuseEvent event = message.getPayload();
    if (!(event instanceof RegionFound) && !(event instanceof DistillCompleted)) {
      return PoisonRecord.unexpected(message, Channels.REGIONS_IN, RegionFound.class, DistillCompleted.class);
    }
    String what = event.getClass().getSimpleName() + " " + event.eventId() + " of job " + event.jobId();
    boolean fresh;
    try {
      fresh = Retry.call("storing " + what, retry.attempts(), retry.retryBackoff(), e -> !unprocessable(e),
          () -> store(event));
    } catch (RuntimeException e) {
      if (unprocessable(e)) {
        LOG.errorf("sending %s to the dead-letter topic: %s", what, e.getMessage());
        return PoisonRecord.deadLetter(message, new PoisonRecord("cannot label " + what + ": " + e.getMessage(), e));
      }
      LOG.errorf(e, "storing %s failed %d times; the regions channel stops (health DOWN) without committing it, "
          + "so a restart receives it again", what, retry.attempts());
      throw e;
    }
    if (!fresh) {
      LOG.debugf("event %s was processed before; skipped", event.eventId());
    }
    return message.ack();
  }

  private boolean store(DefuseEvent event) {
    if (event instanceof RegionFound region) {
      return intake.accept(region, () -> specs.read(region.jobId()));
    }
    DistillCompleted done = (DistillCompleted) event;
    return intake.accept(done, () -> specs.read(done.jobId()));
  }

  /**
   * Failures a retry cannot fix: the job's spec is missing, damaged or invalid (the event names a job that cannot
   * be labeled). Anything else (database, object store) is presumed transient.
   */
  static boolean unprocessable(RuntimeException e) {
    return e instanceof ObjectNotFoundException || e instanceof ChecksumMismatchException
        || e instanceof TensorFormatException || e instanceof IllegalArgumentException;
  }
}
