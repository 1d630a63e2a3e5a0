package dev.defuse.labeling.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventJson;
import dev.defuse.common.messaging.AcknowledgedSender;
import dev.defuse.common.messaging.PublishException;
import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.persistence.OutboxEvent;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Sends outbox events to the {@code labels} topic (key: job id) in the order they were recorded, and marks each sent
 * once the broker acknowledged it. Runs right after a transaction that recorded events commits, and periodically to
 * retry what failed. One sender at a time across all replicas (a PostgreSQL advisory lock), so a job's events keep
 * their order; a crash between send and mark re-sends an event with the same id, which consumers deduplicate.
 */
@ApplicationScoped
public class OutboxPublisher {

  private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
  /** Advisory lock id of the outbox sender ("defuse-l" in ASCII). */
  private static final long SENDER_LOCK = 0x646566757365_2d6cL;
  /** Events sent per transaction. */
  private static final int BATCH = 100;

  private final AcknowledgedSender labels;
  private final Clock clock;
  private final EventJson json = new EventJson();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "labels-outbox");
    t.setDaemon(true);
    return t;
  });

  public OutboxPublisher(@Channel(Channels.LABELS_OUT) Emitter<DefuseEvent> emitter, LabelingConfig config,
      Clock clock) {
    this.labels = new AcknowledgedSender(emitter, config.publishTimeout());
    this.clock = clock;
  }

  void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventOutbox.EventsRecorded recorded) {
    try {
      sender.execute(this::publishPendingSafely);
    } catch (RejectedExecutionException e) {
      LOG.debug("shutting down; the outbox is sent on the next start");
    }
  }

  @Scheduled(every = "${defuse.labeling.outbox-retry-interval}", delayed = "${defuse.labeling.outbox-retry-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void retry() {
    publishPendingSafely();
  }

  @PreDestroy
  void stop() {
    sender.shutdown();
  }

  private void publishPendingSafely() {
    try {
      int sent;
      do {
        sent = QuarkusTransaction.requiringNew().call(this::publishBatch);
      } while (sent == BATCH);
    } catch (RuntimeException e) {
      LOG.warnf("sending labels events failed (will retry): %s", e.getMessage());
    }
  }

  /** Sends up to one batch of pending events; returns how many. */
  private int publishBatch() {
    Object locked = Panache.getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
        .setParameter(1, SENDER_LOCK).getSingleResult();
    if (!Boolean.TRUE.equals(locked)) {
      return 0;
    }
    List<OutboxEvent> pending = OutboxEvent.listPending(BATCH);
    for (OutboxEvent row : pending) {
      DefuseEvent event = json.read(row.payload);
      try {
        labels.send(event, row.recordKey);
      } catch (PublishException e) {
        // Keep what was sent so far marked; the rest is retried.
        LOG.warnf("event %s not acknowledged: %s", row.eventId, e.getMessage());
        return 0;
      }
      row.publishedAt = clock.instant();
      LOG.debugf("sent %s %s", event.getClass().getSimpleName(), row.eventId);
    }
    return pending.size();
  }
}
