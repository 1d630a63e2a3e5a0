package dev.defuse.labeling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the labeling service ({@code defuse.labeling.*}, overridable as {@code DEFUSE_LABELING_*}). */
@ConfigMapping(prefix = "defuse.labeling")
public interface LabelingConfig {

  /**
   * Credential of the admin API ({@code /admin/v1}, {@code Authorization: Bearer <token>}); set it from the
   * environment ({@code DEFUSE_LABELING_ADMIN_TOKEN}). Without it the admin API refuses every request (401), so a
   * deployment never runs with a default admin password.
   */
  Optional<String> adminToken();

  /**
   * How many of a region's review images become annotation items (the first ones of the review tensor). The job
   * spec may ask for fewer; a region with fewer review images uses all of them.
   */
  @WithDefault("10")
  int itemsPerRegion();

  /**
   * How long an annotator holds a task before it is offered to someone else. A vote on an expired lease is still
   * accepted while the item has room for it.
   */
  @WithDefault("PT10M")
  Duration leaseDuration();

  /**
   * How long a successfully checked credential is remembered, sparing a database lookup per request. A revoked key
   * stops working at once on the replica that revoked it, and within this time on the others; 0 disables caching.
   */
  @WithDefault("PT2S")
  Duration authCacheTtl();

  /**
   * New leases are chosen among this many times {@code limit} of the lowest-id items with room, least voted and
   * leased first, so that annotators working at the same time get different items and do not queue on the same
   * rows when they vote (1: strictly the lowest ids; items then fill up fastest, but the annotators of an item all
   * vote on it at once).
   */
  @WithDefault("5")
  int leaseSpread();

  /** Largest {@code limit} of one {@code GET /api/v1/tasks} call. */
  @WithDefault("100")
  int maxTasksPerRequest();

  /** Largest number of votes in one batch {@code POST /api/v1/votes/batch}; a larger batch is refused with 413. */
  @WithDefault("500")
  int maxVotesPerBatch();

  /**
   * Largest request body in bytes accepted by the API; a larger one is refused with 413 (by its Content-Length
   * before it is read, a chunked one as it arrives: {@code quarkus.http.limits.max-body-size} follows this value).
   */
  @WithDefault("1048576")
  long maxRequestBytes();

  /** Per-vendor rate limit of the vendor API ({@code /api/v1}); the admin API is not limited. */
  RateLimit rateLimit();

  /** Largest up-scaling factor of {@code GET .../image.png?scale=} (nearest-neighbour, for human annotators). */
  @WithDefault("16")
  int maxImageScale();

  /** How many review tensors the image endpoint keeps in memory (least recently used are dropped first). */
  @WithDefault("64")
  int tensorCacheSize();

  /** How often events that were committed but not yet acknowledged by Kafka are (re)sent. */
  @WithDefault("5s")
  String outboxRetryInterval();

  /** How long one outbox send waits for the broker's acknowledgement before it is retried later. */
  @WithDefault("PT10S")
  Duration publishTimeout();

  /**
   * A token bucket per vendor, shared by its API key and all its annotator links, per replica. A request beyond it
   * is refused with 429, a problem body and {@code Retry-After}, before anything is read or stored.
   */
  interface RateLimit {

    /**
     * Sustained requests per second one vendor may make. The default is far above what annotators send (and above
     * what the labels benchmark and the demo send from one vendor), so it stops runaway clients, not work; lower it
     * per deployment ({@code DEFUSE_LABELING_RATE_LIMIT_REQUESTS_PER_SECOND}).
     */
    @WithDefault("10000")
    double requestsPerSecond();

    /** Requests a vendor may send at once beyond the sustained rate (the bucket's capacity, at least 1). */
    @WithDefault("20000")
    int burst();
  }
}
