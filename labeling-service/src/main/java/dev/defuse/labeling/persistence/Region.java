package dev.defuse.labeling.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A candidate misclassification region of a job, decided once all its items are labeled. */
@Entity
@Table(name = "region")
public class Region extends PanacheEntityBase {

  /** Whether the region still waits for votes. */
  public enum Status { OPEN, DECIDED }

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "region_seq")
  @SequenceGenerator(name = "region_seq", sequenceName = "region_seq", allocationSize = 50)
  public Long id;

  @Column(name = "job_id")
  public String jobId;

  /** The region's id within its job (from distill). */
  @Column(name = "region_id")
  public int regionId;

  public double weight;

  /** Object key of the review images tensor; item {@code i} is row {@code i}. */
  @Column(name = "review_key")
  public String reviewKey;

  /** SHA-256 of the review tensor object, checked when it is read. */
  @Column(name = "review_sha256")
  public String reviewSha256;

  @Enumerated(EnumType.STRING)
  public Status status;

  public Boolean misclassification;

  public Integer label;

  @Column(name = "labeled_items")
  public Integer labeledItems;

  @Column(name = "disagreeing_items")
  public Integer disagreeingItems;

  @Column(name = "disagreement_share")
  public Double disagreementShare;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "decided_at")
  public Instant decidedAt;

  public static Optional<Region> findByJobAndRegion(String jobId, int regionId) {
    return find("jobId = ?1 and regionId = ?2", jobId, regionId).firstResultOptional();
  }

  public static List<Region> listByJob(String jobId) {
    return list("jobId = ?1 order by regionId", jobId);
  }
}
