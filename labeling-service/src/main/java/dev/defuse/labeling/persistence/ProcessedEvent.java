package dev.defuse.labeling.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event id this service has consumed; redeliveries of it are skipped. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "processed_at")
  public Instant processedAt;

  public static boolean seen(String eventId) {
    return findById(eventId) != null;
  }

  public static void record(String eventId, Instant now) {
    ProcessedEvent e = new ProcessedEvent();
    e.eventId = eventId;
    e.processedAt = now;
    e.persist();
  }
}
