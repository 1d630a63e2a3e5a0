package dev.defuse.labeling.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventJson;
import dev.defuse.labeling.persistence.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Records events to publish in the caller's transaction (transactional outbox). After that transaction commits,
 * {@link OutboxPublisher} sends them; an event id already recorded is not recorded again.
 */
@ApplicationScoped
public class EventOutbox {

  /** Fired inside a transaction that recorded events; observed after a successful commit. */
  public record EventsRecorded() {}

  private final EventJson json = new EventJson();
  private final Clock clock;
  private final Event<EventsRecorded> recorded;

  public EventOutbox(Clock clock, Event<EventsRecorded> recorded) {
    this.clock = clock;
    this.recorded = recorded;
  }

  /** Records {@code event} for publication unless its id is recorded already; returns whether it was new. */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean record(DefuseEvent event) {
    String id = event.eventId().toString();
    if (OutboxEvent.exists(id)) {
      return false;
    }
    OutboxEvent row = new OutboxEvent();
    row.eventId = id;
    row.recordKey = event.partitionKey();
    row.payload = json.writeString(event);
    row.createdAt = clock.instant();
    row.persist();
    recorded.fire(new EventsRecorded());
    return true;
  }
}
