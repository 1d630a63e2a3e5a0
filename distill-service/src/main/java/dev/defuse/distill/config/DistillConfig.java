package dev.defuse.distill.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Settings of the distill service ({@code defuse.distill.*}, overridable as {@code DEFUSE_DISTILL_*}). What a job
 * computes (K, ε, τ, sample counts, seed) is part of the job's spec ({@code DistillParams}); these keys say how the
 * service runs it.
 */
@ConfigMapping(prefix = "defuse.distill")
public interface DistillConfig {

  /** Region jobs, configured as {@code defuse.distill.jobs.*}. */
  Jobs jobs();

  /** The DP-GMM fit, configured as {@code defuse.distill.fit.*}. */
  Fit fit();

  /** Decoding and classifying region samples, configured as {@code defuse.distill.inference.*}. */
  Inference inference();

  /** Retries of object-store writes while receiving mistakes, configured as {@code defuse.distill.receive.*}. */
  Receive receive();

  /** How long publishing one record to {@code regions} may wait for the broker's acknowledgement. */
  @WithDefault("PT60S")
  Duration publishTimeout();

  /** Region jobs. */
  interface Jobs {

    /**
     * Whether this instance starts region jobs. {@code false} makes it receive and durably record mistakes and
     * completions only (a maintenance mode, e.g. while the model store is being migrated); recorded jobs start when
     * an instance with {@code true} is (re)started or takes over the job's partition.
     */
    @WithDefault("true")
    boolean enabled();

    /** How many jobs run at the same time (each fits and decodes on its own). */
    @WithDefault("1")
    int threads();

    /** First wait before a job that failed on a transient error (object store, broker) is retried. */
    @WithDefault("PT5S")
    Duration retryDelay();

    /** Longest wait between retries of a job (the delay doubles up to it). */
    @WithDefault("PT5M")
    Duration maxRetryDelay();
  }

  /** DP-GMM fitting. K, the seed and the weight threshold come from the job. */
  interface Fit {

    /** Threads of the E-step; all available processors when unset. The fit is the same for any value. */
    OptionalInt parallelism();

    /** Initialisations (k-means++ and EM); the one with the highest lower bound is kept. */
    @WithDefault("1")
    int nInit();

    /** EM iterations per initialisation. */
    @WithDefault("1000")
    int maxIter();

    /** Convergence threshold on the change of the total lower bound. */
    @WithDefault("1e-3")
    double tol();
  }

  /** Inference with the job's VAE and classifier (DJL, PyTorch engine). */
  interface Inference {

    /** Latent codes decoded (and images classified) per forward pass. */
    @WithDefault("256")
    int batchSize();

    /** libtorch intra-op threads (one was measured fastest on a shared 2-core machine). */
    @WithDefault("1")
    int torchThreads();
  }

  /** Receiving the mistake set. */
  interface Receive {

    /**
     * How long storing a completed shard may be retried when the object store fails, before the record is
     * failed (which stops the channel and marks the service unhealthy; nothing is acknowledged, so a restart
     * receives the shard again). Keep it below the channel's {@code throttled.unprocessed-record-max-age.ms}.
     */
    @WithDefault("PT2M")
    Duration storeRetryTimeout();
  }
}
