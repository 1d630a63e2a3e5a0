package dev.defuse.labeling.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A lease of one item to one annotator of one vendor. It is live while {@code LEASED} and not expired, and counts
 * against the item's needed votes; once voted it stays as the record that the annotator saw the item.
 */
@Entity
@Table(name = "assignment")
public class Assignment extends PanacheEntityBase {

  /** Lease state. */
  public enum State { LEASED, VOTED }

  @Id
  public UUID id;

  @Column(name = "item_id")
  public long itemId;

  @Column(name = "vendor_id")
  public long vendorId;

  @Column(name = "annotator_id")
  public String annotatorId;

  @Enumerated(EnumType.STRING)
  public State state;

  @Column(name = "leased_at")
  public Instant leasedAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  public static Optional<Assignment> findByAnnotator(long itemId, long vendorId, String annotatorId) {
    return find("itemId = ?1 and vendorId = ?2 and annotatorId = ?3", itemId, vendorId, annotatorId)
        .firstResultOptional();
  }

  /** The annotator's unexpired, unvoted leases, oldest first. */
  public static List<Assignment> listLive(long vendorId, String annotatorId, Instant now) {
    return list(
        "vendorId = ?1 and annotatorId = ?2 and state = ?3 and expiresAt > ?4 order by leasedAt, id",
        vendorId, annotatorId, State.LEASED, now);
  }

  public static boolean existsForVendor(long itemId, long vendorId) {
    return count("itemId = ?1 and vendorId = ?2", itemId, vendorId) > 0;
  }

  /** Ends a revoked vendor's live leases so their items are offered to others at once. */
  public static int expireAllOf(long vendorId, Instant now) {
    return update("expiresAt = ?1 where vendorId = ?2 and state = ?3 and expiresAt > ?1", now, vendorId, State.LEASED);
  }
}
