package dev.defuse.identify.config;

import dev.defuse.identify.ml.KernelLayout;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the identify service ({@code defuse.identify.*}; environment variables such as
 * {@code DEFUSE_IDENTIFY_CONCURRENT_SHARDS} override them).
 */
@ConfigMapping(prefix = "defuse.identify")
public interface IdentifyConfig {

    /**
     * libtorch intra-op threads (threads inside one convolution). Process-wide. One per worker thread was measured
     * fastest on the shared 2-core machine: a second OpenMP thread spin-waits whenever another process holds a core.
     */
    @WithDefault("1")
    int intraOpThreads();

    /** libtorch inter-op threads; only honoured before the engine's first operation. */
    @WithDefault("1")
    int interOpThreads();

    /**
     * Shards this replica processes at once: the size of the {@code identify-worker} pool that runs the
     * {@code identify-shards} consumer (application.properties passes it to
     * {@code smallrye.messaging.worker.identify-worker.max-concurrency}). Each running shard holds its own models.
     */
    @WithDefault("1")
    int concurrentShards();

    /**
     * Most latent draws decoded and classified in one forward pass. Whole images go into a pass when Q fits
     * (⌊max / Q⌋ images), else slices of one image's draws. On CPU, passes of 250–500 samples were measured faster
     * per CPU-second than passes of 1,000–4,000 (activations of a small pass stay in cache; see docs/benchmarks.md);
     * a GPU wants larger passes. Memory grows with the pass: about 130 kB per MNIST sample at the widest layer.
     */
    @WithDefault("500")
    int maxSamplesPerPass();

    /**
     * Images per shard when a submitted job does not set {@code identify.shardSize}. At Q = 500 a 25-image shard is
     * about 10–30 s of work on one CPU thread: small enough to spread a job over replicas and to stay far below
     * the commit timeout, large enough that per-shard overhead (object-store writes, events) is negligible.
     */
    @WithDefault("25")
    int defaultShardSize();

    /**
     * Largest Q × shard size a job may ask for: the draws one shard record stands for. A shard's record stays
     * unacknowledged while it runs, and the throttled commit strategy reports the channel unhealthy once a record
     * waits longer than {@code unprocessed-record-max-age.ms} (15 min). 500,000 draws take about 5–10 min on one CPU
     * thread of the shared test machine (876–1,700 samples/s measured); a job above the limit is refused with the
     * largest shard size its Q allows.
     */
    @WithDefault("500000")
    long maxSamplesPerShard();

    /**
     * Memory layout of the classifier's convolution kernels: {@code channels-last} puts the convolutions on oneDNN's
     * channels-last path (on CPU the classifier's convolutions took 53 instead of 75 CPU-ms per 500-sample pass, two
     * workers did 8,591 instead of 7,620 samples/s; docs/benchmarks.md#identify); {@code plain} keeps DJL's layout.
     * Logits may differ between the two in the last bits (the products are summed in another order).
     */
    @WithDefault("channels-last")
    KernelLayout kernelLayout();

    /** Idle model pairs (VAE + classifier) kept loaded between shards. */
    @WithDefault("2")
    int modelCacheSize();

    /** Training sets kept in memory between shards (MNIST's 10,000 images take 31 MB). */
    @WithDefault("2")
    int datasetCacheSize();

    /**
     * Attempts per shard (and per shard completion on {@code mistakes}) for transient failures (object store or
     * broker unavailable) before the channel stops (health DOWN; the record is not committed, so a restart runs it
     * again: never dead-lettered). Permanent failures (missing model, bad spec) are not retried: they are recorded
     * and their record goes to the dead-letter topic.
     */
    @WithDefault("3")
    int shardAttempts();

    /** Wait before the second attempt of a failed shard; doubles with each further attempt. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** How long to wait for the broker to acknowledge a shard's events (or a job's shard records). */
    @WithDefault("2m")
    Duration publishTimeout();

    /** Name of this replica in shard results and logs (default: host name and process id). */
    Optional<String> workerId();
}
