package dev.defuse.identify.domain;

import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.ml.model.ModelKeys;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.StoredObject;
import dev.defuse.common.util.Require;
import dev.defuse.identify.ml.ImageBatch;
import dev.defuse.identify.ml.Mistake;
import dev.defuse.identify.ml.ModelPool;
import dev.defuse.identify.ml.PerturbationEngine;
import dev.defuse.identify.ml.PerturbationResult;
import dev.defuse.identify.persistence.JobDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one {@link IdentifyShard} into its durable {@link ShardResult}: runs Algorithm 1 on the shard's images,
 * writes the decoded mistakes as ONE tensor object ({@link ObjectKeys#identifyShard}), then the result document.
 * A shard whose result already exists (and whose tensor is intact) is not recomputed: redelivery after a crash
 * republishes exactly what was stored. Plain Java, thread-safe; the Kafka worker and tests share it.
 */
public final class ShardProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ShardProcessor.class);

    private final JobDocuments documents;
    private final JobContexts jobs;
    private final ModelPool models;
    private final int maxSamplesPerPass;
    private final String worker;

    /**
     * @param maxSamplesPerPass most draws per decoder/classifier forward pass
     * @param worker            name of this replica in results and logs
     */
    public ShardProcessor(JobDocuments documents, JobContexts jobs, ModelPool models, int maxSamplesPerPass,
                          String worker) {
        this.documents = Require.nonNull(documents, "documents");
        this.jobs = Require.nonNull(jobs, "jobs");
        this.models = Require.nonNull(models, "models");
        this.maxSamplesPerPass = Require.positive(maxSamplesPerPass, "maxSamplesPerPass");
        this.worker = Require.nonBlank(worker, "worker");
    }

    /** This replica's name in results. */
    public String worker() {
        return worker;
    }

    /** The shard's result and whether it was already stored. */
    public record Outcome(ShardResult result, boolean reused) {
    }

    /**
     * The durable result of {@code shard}, computing it unless stored.
     *
     * @throws UnknownJobException          if the job has no spec
     * @throws IllegalArgumentException     if the shard does not fit the job (a permanent failure)
     * @throws RuntimeException             object store, model or dataset failures
     */
    public Outcome process(IdentifyShard shard) {
        var stored = documents.shardResult(shard.jobId(), shard.shardIndex());
        if (stored.isPresent() && intact(stored.get())) {
            LOG.info("shard {}/{} of job {} was already done by {}: republishing its {} mistakes",
                    shard.shardIndex() + 1, shard.shardCount(), shard.jobId(), stored.get().worker(),
                    stored.get().mistakeCount());
            return new Outcome(stored.get(), true);
        }
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        JobContexts.JobContext job = jobs.get(shard.jobId());
        JobSpec spec = job.spec();
        int expectedShards = spec.identify().shardCount(job.selection().length);
        Require.check(shard.shardCount() == expectedShards, "shard " + shard.shardIndex() + " of job "
                + shard.jobId() + " says the job has " + shard.shardCount() + " shards, its spec gives "
                + expectedShards);
        Require.check(shard.end() <= job.selection().length, "shard " + shard.shardIndex() + " of job "
                + shard.jobId() + " covers positions up to " + shard.end() + " but the selection has "
                + job.selection().length + " images");
        int[] indices = Arrays.copyOfRange(job.selection(), shard.start(), shard.end());
        ImageBatch batch = ImageBatch.of(job.images(), indices);
        ModelPool.Key key = new ModelPool.Key(ModelKeys.modelId(spec.vaeModelKey(), "vaeModelKey"),
                ModelKeys.modelId(spec.classifierModelKey(), "classifierModelKey"));
        PerturbationResult result;
        try (ModelPool.Lease lease = models.lease(key)) {
            result = new PerturbationEngine(lease.models(), maxSamplesPerPass).run(batch, spec.identify());
        }
        TensorRef tensor = null;
        if (!result.mistakes().isEmpty()) {
            int[] shape = new int[] {result.mistakes().size(), result.imageShape()[0], result.imageShape()[1],
                result.imageShape()[2]};
            String tensorKey = ObjectKeys.identifyShard(shard.jobId(), shard.shardIndex());
            StoredObject written = documents.store().putTensor(tensorKey, new FloatTensor(shape, result.pixels()));
            tensor = new TensorRef(tensorKey, written.sha256());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ShardResult done = new ShardResult(shard.jobId(), shard.shardIndex(), shard.shardCount(), shard.start(),
                shard.end(), result.imagesProcessed(), result.skippedImages(), result.samplesEvaluated(), tensor,
                rows(result.mistakes()), worker, startedAt, Instant.now(), seconds);
        documents.writeShardResult(done);
        LOG.info("shard {}/{} of job {}: {} images, {} skipped, {} mistakes kept, {} samples in {} s ({} samples/s;"
                        + " forward {} s, noise {} s)", shard.shardIndex() + 1, shard.shardCount(), shard.jobId(),
                result.imagesProcessed(), result.imagesSkipped(), result.mistakes().size(), result.samplesEvaluated(),
                round(seconds), Math.round(result.samplesEvaluated() / Math.max(seconds, 1e-9)),
                round(result.timings().forwardSeconds()), round(result.timings().noiseSeconds()));
        return new Outcome(done, false);
    }

    /** Whether a stored result's tensor is still the object it describes (a torn earlier write is recomputed). */
    private boolean intact(ShardResult result) {
        if (result.tensor() == null) {
            return true;
        }
        try {
            return documents.store().stat(result.tensor().key()).sha256().equals(result.tensor().sha256());
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    private static List<MistakeRow> rows(List<Mistake> mistakes) {
        List<MistakeRow> rows = new ArrayList<>(mistakes.size());
        for (int i = 0; i < mistakes.size(); i++) {
            Mistake m = mistakes.get(i);
            rows.add(new MistakeRow(i, m.imageIndex(), m.draw(), m.originalLabel(), m.predictedLabel(), m.z(),
                    m.epsNorm()));
        }
        return rows;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
