package dev.defuse.labeling.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * An event decided in a transaction and waiting to be sent to Kafka (transactional outbox): the decision and the
 * intent to publish commit together, and the event id (deterministic) is its primary key, so it exists once.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

  @Id
  @Column(name = "event_id")
  public String eventId;

  /** Send order (assigned by the database). */
  @Column(name = "seq", insertable = false, updatable = false)
  public Long seq;

  @Column(name = "record_key")
  public String recordKey;

  /** The event as JSON, written by the shared event serializer. */
  public String payload;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "published_at")
  public Instant publishedAt;

  public static boolean exists(String eventId) {
    return findById(eventId) != null;
  }

  /** Unpublished events in send order. */
  public static List<OutboxEvent> listPending(int max) {
    return find("publishedAt is null order by seq").page(0, max).list();
  }
}
