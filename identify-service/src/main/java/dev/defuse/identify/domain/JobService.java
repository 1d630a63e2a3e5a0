package dev.defuse.identify.domain;

import dev.defuse.common.data.DatasetFormatException;
import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.model.ModelKeys;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.JsonFormatException;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;
import dev.defuse.identify.config.IdentifyConfig;
import dev.defuse.identify.messaging.EventPublisher;
import dev.defuse.identify.ml.ModelVerifier;
import dev.defuse.identify.persistence.DatasetCache;
import dev.defuse.identify.persistence.JobDocuments;
import dev.defuse.identify.rest.JobRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Accepts jobs and reports on them. Submitting validates the request against what is stored (models of the right
 * kind and image size whose parameters load as their manifests describe, a dataset with the job's classes, a
 * selection that fits, shards within the per-shard limit) before it stores anything, writes the spec, plans the shards
 * and publishes one {@link IdentifyShard} per shard, returning once the broker acknowledged them all. Submitting the
 * same spec again is safe: it republishes only if an earlier submission stopped before every shard was
 * acknowledged.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /** What a submission did: the job's status and whether this call created the job. */
    public record Submission(JobStatus status, boolean created) {
    }

    private final JobDocuments documents;
    private final DatasetCache datasets;
    private final ModelRepository models;
    private final ModelVerifier verifier;
    private final EventPublisher publisher;
    private final long maxSamplesPerShard;
    private final Clock clock = Clock.systemUTC();

    public JobService(JobDocuments documents, DatasetCache datasets, ObjectStore store, ModelVerifier verifier,
                      EventPublisher publisher, IdentifyConfig config) {
        this.documents = documents;
        this.datasets = datasets;
        this.models = ModelRepository.objectStore(store);
        this.verifier = verifier;
        this.publisher = publisher;
        this.maxSamplesPerShard = config.maxSamplesPerShard();
    }

    /**
     * Validates and submits a job.
     *
     * @throws JobRequestException  if the request is invalid (what to fix is in the message)
     * @throws JobConflictException if the id belongs to a job with another spec
     */
    public Submission submit(JobRequest request) {
        JobSpec spec = spec(request);
        LabeledImages images = trainingImages(spec);
        int[] selection;
        try {
            selection = spec.identify().selection().resolve(images.size(), spec.identify().seed());
        } catch (IllegalArgumentException e) {
            throw new JobRequestException("identify.selection: " + e.getMessage(), e);
        }
        List<ShardPlanner.ShardRange> shards;
        try {
            shards = ShardPlanner.plan(selection.length, spec.identify().shardSize());
        } catch (IllegalArgumentException e) {
            throw new JobRequestException(e.getMessage(), e);
        }
        checkShardWork(spec, selection.length);

        JobPlan plan = null;
        var existing = documents.spec(spec.jobId());
        if (existing.isEmpty()) {
            // the expensive check last, and only once per job: a resubmission was verified the first time
            verifyParameters(spec.classifierModelKey(), "classifierModel");
            verifyParameters(spec.vaeModelKey(), "vaeModel");
        }
        if (existing.isPresent()) {
            if (!existing.get().equals(spec)) {
                throw new JobConflictException("job '" + spec.jobId() + "' already exists with a different spec "
                        + "(see GET /jobs/" + spec.jobId() + "); submit under another id or leave jobId out");
            }
            plan = documents.plan(spec.jobId()).orElse(null);
            if (plan != null && plan.published()) {
                return new Submission(status(spec.jobId()), false);
            }
        } else {
            documents.writeSpec(spec);
        }
        if (plan == null) {
            plan = new JobPlan(spec.jobId(), selection.length, shards.size(), spec.identify().shardSize(),
                    spec.identify().drawsPerImage(), clock.instant(), null);
            documents.writePlan(plan);
        }
        publisher.publishShards(shards.stream().map(s -> s.toEvent(spec.jobId())).toList());
        documents.writePlan(plan.publishedAt(clock.instant()));
        LOG.infof("job %s submitted: %d images in %d shards of %d, Q=%d, Beta(%s, %s), dataset %s, VAE %s, "
                        + "classifier %s", spec.jobId(), selection.length, shards.size(), spec.identify().shardSize(),
                spec.identify().drawsPerImage(), spec.identify().betaA(), spec.identify().betaB(),
                spec.dataset().prefix(), spec.vaeModelKey(), spec.classifierModelKey());
        return new Submission(status(spec.jobId()), existing.isEmpty());
    }

    /**
     * A job's status.
     *
     * @throws UnknownJobException if there is no such job
     */
    public JobStatus status(String jobId) {
        try {
            Require.jobId(jobId);
        } catch (IllegalArgumentException e) {
            throw new JobRequestException(e.getMessage(), e);
        }
        JobSpec spec = documents.spec(jobId).orElseThrow(() -> new UnknownJobException(jobId));
        return JobStatus.of(spec, documents.plan(jobId).orElse(null), documents.progress(jobId).orElse(null),
                documents.failures(jobId), clock.instant());
    }

    /** Every job, most recently submitted first, at most {@code limit}. */
    public List<JobStatus> list(int limit) {
        List<JobStatus> all = new ArrayList<>();
        for (String jobId : documents.jobIds()) {
            try {
                all.add(status(jobId));
            } catch (RuntimeException e) {
                LOG.warnf("skipping job %s in the list: %s", jobId, e.getMessage());
            }
        }
        all.sort(Comparator.comparing(JobStatus::submittedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** The spec a request describes, with model keys in canonical form and classes checked against the models. */
    private JobSpec spec(JobRequest request) {
        if (request == null) {
            throw new JobRequestException("the request body is empty: send a JSON job (see the OpenAPI document)");
        }
        String jobId = request.jobId() != null ? request.jobId() : newJobId();
        require(request.dataset() != null, "dataset is required, e.g. {\"prefix\": \"datasets/mnist/\", "
                + "\"format\": \"IDX\", \"imageShape\": {\"channels\": 1, \"height\": 28, \"width\": 28}}");
        String classifierId = modelId(request.classifierModel(), "classifierModel");
        String vaeId = modelId(request.vaeModel(), "vaeModel");
        ModelManifest classifier = manifest(classifierId, ModelKind.CLASSIFIER, "classifierModel");
        ModelManifest vae = manifest(vaeId, ModelKind.VAE, "vaeModel");
        checkImages(request.dataset(), classifier, "classifierModel");
        checkImages(request.dataset(), vae, "vaeModel");
        List<ClassInfo> classes = request.classes() != null ? request.classes() : classifier.classes();
        Set<Integer> modelIds = ids(classifier.classes());
        require(ids(classes).equals(modelIds), "classes " + ids(classes) + " are not the class ids of classifier '"
                + classifierId + "': " + modelIds);
        try {
            return new JobSpec(jobId, request.dataset(), ModelKeys.specKey(classifierId), ModelKeys.specKey(vaeId),
                    classes, request.identify(), request.distill(), request.labeling(), request.correction());
        } catch (IllegalArgumentException e) {
            throw new JobRequestException(e.getMessage(), e);
        }
    }

    private LabeledImages trainingImages(JobSpec spec) {
        DatasetRef dataset = spec.dataset();
        try {
            return datasets.training(dataset, spec.classes());
        } catch (ObjectNotFoundException e) {
            throw new JobRequestException("dataset " + dataset.prefix() + " (" + dataset.format() + "): "
                    + e.getMessage(), e);
        } catch (DatasetFormatException | ChecksumMismatchException | IllegalArgumentException e) {
            throw new JobRequestException("dataset " + dataset.prefix() + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * One shard's draws (Q × images per shard) must fit {@code defuse.identify.max-samples-per-shard}: a shard record
     * stays unacknowledged while it runs, and one that runs too long trips the consumer's commit timeout.
     */
    private void checkShardWork(JobSpec spec, int selected) {
        long q = spec.identify().drawsPerImage();
        long perShard = q * Math.min(spec.identify().shardSize(), selected);
        if (perShard <= maxSamplesPerShard) {
            return;
        }
        String fix = q <= maxSamplesPerShard
                ? "use identify.shardSize <= " + (maxSamplesPerShard / q) + " for this Q"
                : "identify.drawsPerImage may be at most " + maxSamplesPerShard;
        throw new JobRequestException("identify.drawsPerImage (Q = " + q + ") x images per shard ("
                + Math.min(spec.identify().shardSize(), selected) + ") = " + perShard
                + " draws per shard exceeds this service's limit of " + maxSamplesPerShard
                + " (defuse.identify.max-samples-per-shard): " + fix);
    }

    /** Loads a model's parameters as a shard would (see {@link ModelVerifier}), naming the field on failure. */
    private void verifyParameters(String modelKey, String field) {
        String modelId = ModelKeys.modelId(modelKey, field);
        try {
            verifier.verify(modelId);
        } catch (ModelNotFoundException | ModelLoadException e) {
            throw new JobRequestException(field + ": " + e.getMessage(), e);
        } catch (ChecksumMismatchException e) {
            throw new JobRequestException(field + ": the stored parameters of model '" + modelId
                    + "' are damaged: " + e.getMessage(), e);
        }
    }

    private ModelManifest manifest(String modelId, ModelKind kind, String field) {
        ModelManifest manifest;
        try {
            manifest = models.manifest(modelId);
        } catch (ModelNotFoundException | ModelLoadException e) {
            throw new JobRequestException(field + ": " + e.getMessage(), e);
        } catch (ChecksumMismatchException | JsonFormatException e) {
            // a damaged manifest is a fact about the stored model, not an outage: retrying will not help
            throw new JobRequestException(field + ": the manifest of model '" + modelId + "' cannot be used: "
                    + e.getMessage(), e);
        }
        require(manifest.kind() == kind, field + ": model '" + modelId + "' is a " + manifest.kind().id()
                + ", not a " + kind.id());
        return manifest;
    }

    private static void checkImages(DatasetRef dataset, ModelManifest model, String field) {
        ImageInput input = model.architecture().input();
        var shape = dataset.imageShape();
        require(input.channels() == shape.channels() && input.size() == shape.height() && input.size() == shape.width(),
                field + ": model '" + model.modelId() + "' takes " + input.channels() + "x" + input.size() + "x"
                        + input.size() + " images, the dataset has " + shape);
    }

    private static String modelId(String reference, String field) {
        require(reference != null && !reference.isBlank(), field + " is required (a model id or models/{id}/params.bin)");
        try {
            return ModelKeys.modelId(reference, field);
        } catch (IllegalArgumentException e) {
            throw new JobRequestException(e.getMessage(), e);
        }
    }

    private static Set<Integer> ids(List<ClassInfo> classes) {
        Set<Integer> ids = new HashSet<>();
        classes.forEach(c -> ids.add(c.id()));
        return ids;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new JobRequestException(message);
        }
    }

    private String newJobId() {
        return "job-" + ID_TIME.format(Instant.now(clock)) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
