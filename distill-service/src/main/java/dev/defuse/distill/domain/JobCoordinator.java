package dev.defuse.distill.domain;

import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.ml.TorchUnavailableException;
import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStoreException;
import dev.defuse.common.store.TensorFormatException;
import dev.defuse.distill.config.DistillConfig;
import dev.defuse.distill.persistence.JobStateStore;
import dev.defuse.distill.persistence.ReceivedShardStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Decides when a job's region job runs and runs it off the consumer's thread. A job starts when identify's
 * completion is recorded and every shard it lists is durably received (in whichever order the two happen); it runs
 * on a small pool, once per job in this instance, and a job that fails on a transient error (object store,
 * broker) is retried with a growing delay. A job whose input or models make distilling impossible is failed for
 * good with the reason.
 *
 * <p>Resuming: when this instance is assigned a partition of {@code mistakes} (at start-up or when it takes over
 * from another instance) it resumes the pending jobs recorded for that partition; when a partition is revoked, the
 * jobs of that partition stop at their next safe point, for the new owner to resume.
 */
@ApplicationScoped
public class JobCoordinator {

  private static final Logger LOG = Logger.getLogger(JobCoordinator.class);
  /** Job states kept in memory (least recently used dropped first; a dropped one is read again when needed). */
  private static final int CACHED_STATES = 10_000;

  private final JobStateStore states;
  private final ReceivedShardStore shards;
  private final RegionJob regionJob;
  private final DistillConfig config;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  /** Resume scans run apart from the jobs, so a long fit does not delay taking over a partition's jobs. */
  private final ExecutorService resumer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "distill-resume");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, JobControl> running = new ConcurrentHashMap<>();
  /** States this instance wrote or read, so receiving a record does not read the state every time. */
  private final Map<String, JobState> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JobState> eldest) {
      return size() > CACHED_STATES;
    }
  });

  public JobCoordinator(JobStateStore states, ReceivedShardStore shards, RegionJob regionJob, DistillConfig config,
      Clock clock, MeterRegistry registry) {
    this.states = states;
    this.shards = shards;
    this.regionJob = regionJob;
    this.config = config;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newScheduledThreadPool(config.jobs().threads(), r -> {
      Thread t = new Thread(r, "distill-job-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Gauge.builder("defuse.distill.jobs.running", running, Map::size)
        .description("Region jobs running or waiting to retry in this instance").register(registry);
  }

  // ------------------------------------------------------------------ receiving

  /** The job's state, created (RECEIVING) when its first record arrives. */
  public JobState job(String jobId, int partition) {
    JobState known = cache.get(jobId);
    if (known != null) {
      return known;
    }
    JobState state = states.update(jobId, before -> before.orElseGet(
        () -> JobState.receiving(jobId, partition, clock.instant())));
    if (state.partition() != partition && !state.status().isFinal()) {
      // the job's records now arrive on another partition (the topic was repartitioned): follow them
      state = states.change(jobId, s -> s.onPartition(partition, clock.instant()));
    }
    cache.put(jobId, state);
    return state;
  }

  /** Identify's completion arrived: record it durably, then start the job if its mistake set is complete. */
  public JobState completionReceived(IdentifyCompleted completion, int partition) {
    JobState state = job(completion.jobId(), partition);
    if (state.status().isFinal()) {
      return state;
    }
    remember(states.change(completion.jobId(), s -> s.withCompletion(completion, clock.instant())));
    return startIfComplete(completion.jobId());
  }

  /** A shard was stored: start the job if that completed its mistake set. */
  public void shardStored(String jobId) {
    JobState state = cache.get(jobId);
    if (state != null && state.hasCompletion() && state.status() == JobStatus.RECEIVING) {
      startIfComplete(jobId);
    }
  }

  /** Fails a job for good (its buffered records are the caller's to acknowledge). */
  public JobState fail(String jobId, String reason) {
    LOG.errorf("job %s failed: %s", jobId, reason);
    JobControl control = running.remove(jobId);
    if (control != null) {
      control.cancel();
    }
    JobState failed = remember(states.change(jobId, s -> s.failed(reason, clock.instant())));
    shards.forget(jobId);
    return failed;
  }

  /**
   * Moves a job with a recorded completion to FITTING once every listed shard is stored and consistent with the
   * completion, and runs it; a job waiting for shards stays RECEIVING.
   */
  JobState startIfComplete(String jobId) {
    JobState state = states.find(jobId).orElseThrow();
    if (state.status() == JobStatus.RECEIVING && state.hasCompletion()) {
      try {
        List<Integer> missing = missingShards(state);
        if (!missing.isEmpty()) {
          LOG.infof("job %s: identify completed; waiting for shards %s", jobId, missing);
          return remember(state);
        }
      } catch (InconsistentInputException e) {
        return fail(jobId, e.getMessage());
      }
      state = states.change(jobId, s -> s.moveTo(JobStatus.FITTING, clock.instant()));
      shards.forget(jobId);
    }
    remember(state);
    if (state.status().needsRegionJob()) {
      submit(state);
    }
    return state;
  }

  /** Shards the completion lists that are not stored yet; checks the stored ones against the completion. */
  private List<Integer> missingShards(JobState state) {
    IdentifyCompleted completion = state.completion();
    Map<Integer, ReceivedShard> stored = new TreeMap<>();
    for (ReceivedShard shard : shards.list(state.jobId())) {
      stored.put(shard.shardIndex(), shard);
    }
    List<Integer> missing = new ArrayList<>();
    Set<Integer> dims = new HashSet<>();
    for (IdentifyCompleted.ShardSummary summary : completion.shards()) {
      ReceivedShard shard = stored.remove(summary.shardIndex());
      if (shard == null) {
        missing.add(summary.shardIndex());
        continue;
      }
      shard.verifyAgainst(summary);
      if (shard.shardCount() != completion.shardCount()) {
        throw new InconsistentInputException("shard " + shard.shardIndex() + " belongs to a job of "
            + shard.shardCount() + " shards, the completion lists " + completion.shardCount());
      }
      if (shard.mistakeCount() > 0) {
        dims.add(shard.latentDim());
      }
    }
    if (!stored.isEmpty()) {
      throw new InconsistentInputException("shards " + stored.keySet() + " were received but the completion lists "
          + "only shards 0.." + (completion.shardCount() - 1));
    }
    if (dims.size() > 1) {
      throw new InconsistentInputException("the shards hold latent codes of different sizes " + dims);
    }
    return missing;
  }

  // ------------------------------------------------------------------ running

  private void submit(JobState state) {
    if (!config.jobs().enabled()) {
      LOG.infof("job %s is %s; region jobs are disabled in this instance (defuse.distill.jobs.enabled=false)",
          state.jobId(), state.status());
      return;
    }
    JobControl control = new JobControl(state.jobId(), state.partition());
    if (running.putIfAbsent(state.jobId(), control) != null) {
      return; // already running or waiting to retry here
    }
    schedule(control, Duration.ZERO);
  }

  private void schedule(JobControl control, Duration delay) {
    try {
      executor.schedule(() -> runOnce(control), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      running.remove(control.jobId(), control);
      LOG.debugf("shutting down; job %s resumes on the next start", control.jobId());
    }
  }

  private void runOnce(JobControl control) {
    String jobId = control.jobId();
    if (control.isCancelled()) {
      running.remove(jobId, control);
      return;
    }
    try {
      remember(regionJob.run(jobId, control));
      running.remove(jobId, control);
    } catch (CancellationException e) {
      running.remove(jobId, control);
      LOG.infof("job %s stopped: %s", jobId, e.getMessage());
    } catch (JobFailure e) {
      running.remove(jobId, control);
      fail(jobId, e.getMessage());
    } catch (RuntimeException e) {
      if (isTransient(e) && !control.isCancelled()) {
        control.failedAttempt(e.toString());
        Duration delay = retryDelay(control.attempts());
        LOG.warnf("job %s: attempt %d failed (%s); retrying in %s", jobId, control.attempts(), e, delay);
        schedule(control, delay);
      } else {
        running.remove(jobId, control);
        LOG.errorf(e, "job %s: unexpected failure", jobId);
        fail(jobId, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  /** Failures that a later attempt can get past: the store or the broker being unavailable, libtorch missing. */
  static boolean isTransient(RuntimeException e) {
    if (e instanceof ObjectNotFoundException || e instanceof ChecksumMismatchException
        || e instanceof TensorFormatException) {
      return false;
    }
    return e instanceof ObjectStoreException || e instanceof PublishFailedException
        || e instanceof TorchUnavailableException;
  }

  private Duration retryDelay(int attempts) {
    Duration delay = config.jobs().retryDelay();
    for (int i = 1; i < attempts && delay.compareTo(config.jobs().maxRetryDelay()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(config.jobs().maxRetryDelay()) > 0 ? config.jobs().maxRetryDelay() : delay;
  }

  // ------------------------------------------------------------------ partitions

  /** Partitions assigned to this instance: resume their pending jobs (off the caller's thread). */
  public void resume(Collection<Integer> partitions) {
    Set<Integer> owned = Set.copyOf(partitions);
    try {
      resumer.execute(() -> resumeNow(owned));
    } catch (RejectedExecutionException e) {
      LOG.debug("shutting down; nothing resumed");
    }
  }

  private void resumeNow(Set<Integer> partitions) {
    try {
      for (JobStateStore.PendingJob pending : states.pending()) {
        if (!partitions.contains(pending.partition()) || running.containsKey(pending.jobId())) {
          continue;
        }
        Optional<JobState> state = states.find(pending.jobId());
        if (state.isEmpty() || state.get().status().isFinal()) {
          states.clearMarker(pending.jobId());
          continue;
        }
        cache.remove(pending.jobId());
        LOG.infof("resuming job %s (%s, partition %d)", pending.jobId(), state.get().status(), pending.partition());
        startIfComplete(pending.jobId());
      }
    } catch (RuntimeException e) {
      // the records of these jobs are not redelivered: a later assignment (or restart) must try again
      LOG.errorf(e, "cannot resume the pending jobs of partitions %s; they resume on the next assignment", partitions);
    }
  }

  /** Partitions revoked from this instance: stop their jobs at the next safe point and forget their states. */
  public void release(Collection<Integer> partitions) {
    for (JobControl control : running.values()) {
      if (partitions.contains(control.partition())) {
        LOG.infof("job %s: partition %d revoked; stopping for its new owner", control.jobId(), control.partition());
        control.cancel();
        running.remove(control.jobId(), control);
      }
    }
    synchronized (cache) {
      cache.values().removeIf(s -> partitions.contains(s.partition()));
    }
    shards.forgetAll();
  }

  // ------------------------------------------------------------------ views

  /** Progress of a job running (or waiting to retry) in this instance. */
  public Optional<JobControl.Progress> progress(String jobId) {
    return Optional.ofNullable(running.get(jobId)).map(JobControl::progress);
  }

  private JobState remember(JobState state) {
    cache.put(state.jobId(), state);
    return state;
  }

  @PreDestroy
  void stop() {
    running.values().forEach(JobControl::cancel);
    executor.shutdownNow();
    resumer.shutdownNow();
  }
}
