package dev.defuse.identify.persistence;

import dev.defuse.common.job.JobSpec;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;
import dev.defuse.identify.domain.JobPlan;
import dev.defuse.identify.domain.JobProgress;
import dev.defuse.identify.domain.ShardFailure;
import dev.defuse.identify.domain.ShardResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The identify stage's durable state, as JSON documents in the object store next to the job's spec:
 * <pre>
 * jobs/{jobId}/spec.json                              the job (written once, by POST /jobs)
 * jobs/{jobId}/identify/plan.json                     how it was sharded, when it was submitted and published
 * jobs/{jobId}/identify/shards/shard-NNNNN.json       each finished shard's result (kept mistakes, counts)
 * jobs/{jobId}/identify/failures/shard-NNNNN.json     shards that failed for good
 * jobs/{jobId}/identify/progress.json                 completed shards and completion, kept by the job's tracker
 * tensors/{jobId}/identify/shard-NNNNN.dft            each shard's decoded mistake images (ObjectKeys.identifyShard)
 * </pre>
 * Thread-safe (the store is).
 */
public final class JobDocuments {

    static final String STAGE = "identify/";
    static final String PLAN = STAGE + "plan.json";
    static final String PROGRESS = STAGE + "progress.json";
    static final String SHARDS = STAGE + "shards/";
    static final String FAILURES = STAGE + "failures/";

    private final ObjectStore store;

    public JobDocuments(ObjectStore store) {
        this.store = Require.nonNull(store, "store");
    }

    public ObjectStore store() {
        return store;
    }

    public Optional<JobSpec> spec(String jobId) {
        return read(ObjectKeys.jobSpec(jobId), JobSpec.class);
    }

    public void writeSpec(JobSpec spec) {
        store.putJson(spec.specKey(), spec);
    }

    public Optional<JobPlan> plan(String jobId) {
        return read(ObjectKeys.jobObject(jobId, PLAN), JobPlan.class);
    }

    public void writePlan(JobPlan plan) {
        store.putJson(ObjectKeys.jobObject(plan.jobId(), PLAN), plan);
    }

    public Optional<JobProgress> progress(String jobId) {
        return read(ObjectKeys.jobObject(jobId, PROGRESS), JobProgress.class);
    }

    public void writeProgress(JobProgress progress) {
        store.putJson(ObjectKeys.jobObject(progress.jobId(), PROGRESS), progress);
    }

    public Optional<ShardResult> shardResult(String jobId, int shardIndex) {
        return read(shardResultKey(jobId, shardIndex), ShardResult.class);
    }

    public void writeShardResult(ShardResult result) {
        store.putJson(shardResultKey(result.jobId(), result.shardIndex()), result);
    }

    /** The results written so far, by shard index. */
    public List<ShardResult> shardResults(String jobId) {
        List<ShardResult> results = new ArrayList<>();
        for (String key : store.list(ObjectKeys.jobPrefix(jobId) + SHARDS)) {
            results.add(store.getJson(key, ShardResult.class));
        }
        return results;
    }

    public void writeFailure(ShardFailure failure) {
        store.putJson(failureKey(failure.jobId(), failure.shardIndex()), failure);
    }

    public void clearFailure(String jobId, int shardIndex) {
        store.delete(failureKey(jobId, shardIndex));
    }

    public List<ShardFailure> failures(String jobId) {
        List<ShardFailure> failures = new ArrayList<>();
        for (String key : store.list(ObjectKeys.jobPrefix(jobId) + FAILURES)) {
            read(key, ShardFailure.class).ifPresent(failures::add);
        }
        return failures;
    }

    /** Ids of every job with a spec, in key order. */
    public List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        for (String key : store.list(ObjectKeys.JOBS)) {
            String rest = key.substring(ObjectKeys.JOBS.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(ObjectKeys.JOB_SPEC)) {
                ids.add(rest.substring(0, slash));
            }
        }
        return ids;
    }

    static String shardResultKey(String jobId, int shardIndex) {
        return ObjectKeys.jobObject(jobId, SHARDS + shardName(shardIndex) + ".json");
    }

    static String failureKey(String jobId, int shardIndex) {
        return ObjectKeys.jobObject(jobId, FAILURES + shardName(shardIndex) + ".json");
    }

    private static String shardName(int shardIndex) {
        return String.format(Locale.ROOT, "shard-%05d", Require.nonNegative(shardIndex, "shardIndex"));
    }

    private <T> Optional<T> read(String key, Class<T> type) {
        try {
            return Optional.of(store.getJson(key, type));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
