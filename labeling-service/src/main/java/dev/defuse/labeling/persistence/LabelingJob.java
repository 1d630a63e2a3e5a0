package dev.defuse.labeling.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A job as the labeling stage sees it: its class set and labeling parameters (from the job spec). */
@Entity
@Table(name = "labeling_job")
public class LabelingJob extends PanacheEntityBase {

  @Id
  @Column(name = "job_id")
  public String jobId;

  /** The job's classes as a JSON array of {@code {"id":…, "name":…}} (see {@code ClassSet}). */
  @Column(name = "classes_json")
  public String classesJson;

  @Column(name = "annotators_per_item")
  public int annotatorsPerItem;

  public double rho;

  /** Number of regions distill found for the job, once known; labeling completes when all are decided. */
  @Column(name = "expected_regions")
  public Integer expectedRegions;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "completed_at")
  public Instant completedAt;

  public static Optional<LabelingJob> findByJobId(String jobId) {
    return findByIdOptional(jobId);
  }

  /** The job, locked for update: serialises the decision that the job is complete. */
  public static Optional<LabelingJob> lockByJobId(String jobId) {
    return findByIdOptional(jobId, LockModeType.PESSIMISTIC_WRITE);
  }

  public static List<LabelingJob> listInOrder() {
    return list("order by createdAt, jobId");
  }
}
