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

/** One image to label: a row of a region's review tensor, with the classifier's prediction on it. */
@Entity
@Table(name = "item")
public class Item extends PanacheEntityBase {

  /** Whether the item still needs votes. */
  public enum Status { OPEN, COMPLETE }

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "item_seq")
  @SequenceGenerator(name = "item_seq", sequenceName = "item_seq", allocationSize = 50)
  public Long id;

  /** Primary key of the {@link Region} row. */
  @Column(name = "region_pk")
  public long regionPk;

  @Column(name = "job_id")
  public String jobId;

  /** Row of the region's review tensor. */
  @Column(name = "review_row")
  public int reviewRow;

  /** The classifier's prediction on this image. */
  public int predicted;

  @Column(name = "votes_needed")
  public int votesNeeded;

  @Column(name = "votes_received")
  public int votesReceived;

  @Enumerated(EnumType.STRING)
  public Status status;

  /** Majority label once complete; null when every vote was "none of the above". */
  public Integer label;

  /** Share of annotators who voted the majority label; null without a label. */
  public Double agreement;

  @Column(name = "completed_at")
  public Instant completedAt;

  public static List<Item> listByRegion(long regionPk) {
    return list("regionPk = ?1 order by reviewRow", regionPk);
  }

  public static List<Item> listByJob(String jobId) {
    return list("jobId = ?1 order by id", jobId);
  }
}
