package dev.defuse.labeling.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A vendor's link for one of its annotators: a token that acts for the vendor but only as that annotator, so the
 * vendor's API key never reaches annotators' browsers.
 */
@Entity
@Table(name = "annotator_link")
public class AnnotatorLink extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "annotator_link_seq")
  @SequenceGenerator(name = "annotator_link_seq", sequenceName = "annotator_link_seq", allocationSize = 50)
  public Long id;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "vendor_id")
  public Vendor vendor;

  @Column(name = "annotator_id")
  public String annotatorId;

  @Column(name = "token_hash")
  public byte[] tokenHash;

  @Column(name = "created_at")
  public Instant createdAt;

  public static Optional<AnnotatorLink> findByTokenHash(byte[] hash) {
    return find("tokenHash", hash).firstResultOptional();
  }
}
