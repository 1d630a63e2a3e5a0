package dev.defuse.labeling.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One annotator's raw vote on one item, kept with vendor and annotator ids (so weighted consolidation such as
 * Dawid–Skene can be computed later from the same data).
 */
@Entity
@Table(name = "vote")
public class Vote extends PanacheEntityBase {

  /** Assigned by the database (identity column): votes are inserted by {@link VotingStatements}. */
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "item_id")
  public long itemId;

  @Column(name = "assignment_id")
  public UUID assignmentId;

  @Column(name = "vendor_id")
  public long vendorId;

  @Column(name = "annotator_id")
  public String annotatorId;

  /** Class id; null for "none of the above". */
  public Integer label;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Every vote on a job's items, in the order they were stored. */
  public static List<Vote> listByJob(String jobId) {
    return list("itemId in (select i.id from Item i where i.jobId = ?1) order by id", jobId);
  }

  public static long countByAnnotator(long vendorId, String annotatorId) {
    return count("vendorId = ?1 and annotatorId = ?2", vendorId, annotatorId);
  }
}
