package dev.defuse.distill.persistence;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.distill.domain.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Jobs' durable state in the object store. Changes are read-modify-write under a per-job lock (within this
 * instance; across instances, only the owner of the job's partition changes a job). Next to the state, a small
 * pending marker exists while a job has identify's completion but is not final, so a restarted instance finds the
 * jobs to resume without reading every job's state.
 */
@ApplicationScoped
public class JobStateStore {

  /** The content of a pending marker. */
  public record PendingJob(String jobId, int partition) {}

  private final ObjectStore store;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  public JobStateStore(ObjectStore store) {
    this.store = store;
  }

  public Optional<JobState> find(String jobId) {
    try {
      return Optional.of(store.getJson(DistillKeys.state(jobId), JobState.class));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Applies {@code change} to the job's state (empty when the job has none yet) and stores the result if it
   * differs; returns the state now stored.
   */
  public JobState update(String jobId, Function<Optional<JobState>, JobState> change) {
    synchronized (locks.computeIfAbsent(jobId, id -> new Object())) {
      Optional<JobState> before = find(jobId);
      JobState after = change.apply(before);
      if (before.isEmpty() || !before.get().equals(after)) {
        write(before.orElse(null), after);
      }
      return after;
    }
  }

  /** As {@link #update} for a job that must exist. */
  public JobState change(String jobId, UnaryOperator<JobState> change) {
    return update(jobId, before -> change.apply(before.orElseThrow(
        () -> new IllegalStateException("job " + jobId + " has no distill state at " + DistillKeys.state(jobId)))));
  }

  /** Jobs with a pending marker: identify finished them, distill has not. */
  public List<PendingJob> pending() {
    List<PendingJob> jobs = new ArrayList<>();
    for (String key : store.list(ObjectKeys.JOBS)) {
      if (DistillKeys.isPendingMarker(key)) {
        try {
          jobs.add(store.getJson(key, PendingJob.class));
        } catch (ObjectNotFoundException e) {
          // finished between listing and reading
        }
      }
    }
    return jobs;
  }

  private void write(JobState before, JobState state) {
    // the marker goes first and away last: a crash in between leaves a marker for a final job, which resuming
    // notices and removes, never a pending job without a marker
    boolean wasPending = before != null && isPending(before);
    boolean pending = isPending(state);
    if (pending && !(wasPending && before.partition() == state.partition())) {
      store.putJson(DistillKeys.pendingMarker(state.jobId()), new PendingJob(state.jobId(), state.partition()));
    }
    store.putJson(DistillKeys.state(state.jobId()), state);
    if (wasPending && !pending) {
      store.delete(DistillKeys.pendingMarker(state.jobId()));
    }
  }

  private static boolean isPending(JobState state) {
    return state.hasCompletion() && !state.status().isFinal();
  }

  /** Removes a stale marker of a job that is final. */
  public void clearMarker(String jobId) {
    store.delete(DistillKeys.pendingMarker(jobId));
  }
}
