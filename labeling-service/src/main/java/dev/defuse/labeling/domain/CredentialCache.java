package dev.defuse.labeling.domain;

import dev.defuse.labeling.config.LabelingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers recently authenticated credentials (by hash) for {@code defuse.labeling.auth-cache-ttl}, so a busy
 * annotator does not cost a database lookup per request. A revocation on this replica takes effect at once; on other
 * replicas within the TTL.
 */
@ApplicationScoped
public class CredentialCache {

  /** Entries above this many are dropped wholesale (a cache, not a store). */
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(VendorCaller caller, long expiresAtNanos) {}

  private final long ttlNanos;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public CredentialCache(LabelingConfig config) {
    this.ttlNanos = config.authCacheTtl().toNanos();
  }

  public Optional<VendorCaller> get(byte[] credentialHash) {
    if (ttlNanos <= 0) {
      return Optional.empty();
    }
    Entry e = entries.get(HexFormat.of().formatHex(credentialHash));
    if (e == null || System.nanoTime() - e.expiresAtNanos() > 0) {
      return Optional.empty();
    }
    return Optional.of(e.caller());
  }

  public void put(byte[] credentialHash, VendorCaller caller) {
    if (ttlNanos <= 0) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(HexFormat.of().formatHex(credentialHash), new Entry(caller, System.nanoTime() + ttlNanos));
  }

  /** Forgets every credential of a vendor (after revocation). */
  public void forgetVendor(long vendorId) {
    entries.values().removeIf(e -> e.caller().vendorId() == vendorId);
  }
}
