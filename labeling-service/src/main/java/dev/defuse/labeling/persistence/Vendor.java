package dev.defuse.labeling.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A labeling vendor: an organisation whose annotators label items through the API with one API key. */
@Entity
@Table(name = "vendor")
public class Vendor extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "vendor_seq")
  @SequenceGenerator(name = "vendor_seq", sequenceName = "vendor_seq", allocationSize = 50)
  public Long id;

  public String name;

  /** SHA-256 of the API key; the key itself is shown once, at creation, and never stored. */
  @Column(name = "key_hash")
  public byte[] keyHash;

  @Column(name = "key_fingerprint")
  public String keyFingerprint;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  public boolean isActive() {
    return revokedAt == null;
  }

  public static Optional<Vendor> findByKeyHash(byte[] hash) {
    return find("keyHash", hash).firstResultOptional();
  }

  public static Optional<Vendor> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  public static List<Vendor> listInOrder() {
    return list("order by id");
  }
}
