package dev.defuse.labeling.domain;

import dev.defuse.labeling.config.LabelingConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-vendor rate limit of the vendor API: one {@link TokenBucket} per vendor, shared by its API key and all its
 * annotator links (so minting links does not raise a vendor's limit). Per replica: N replicas admit up to N times
 * the configured rate.
 */
@ApplicationScoped
@Startup // a bad rate-limit setting fails the start, not the first vendor request
public class VendorRateLimiter {

  private final double ratePerSecond;
  private final int burst;
  private final Map<Long, TokenBucket> buckets = new ConcurrentHashMap<>();

  public VendorRateLimiter(LabelingConfig config) {
    this.ratePerSecond = config.rateLimit().requestsPerSecond();
    this.burst = config.rateLimit().burst();
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("defuse.labeling.rate-limit: requests-per-second must be positive and burst"
          + " at least 1, got " + ratePerSecond + " and " + burst);
    }
  }

  /**
   * Admits one request of the vendor.
   *
   * @return empty when admitted; otherwise how long until the vendor may send the next request
   */
  public Optional<Duration> admit(long vendorId) {
    long now = System.nanoTime();
    long wait = buckets.computeIfAbsent(vendorId, id -> new TokenBucket(ratePerSecond, burst, now)).tryTake(now);
    return wait == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(wait));
  }
}
