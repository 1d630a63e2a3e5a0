package dev.defuse.identify.domain;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.util.Require;
import dev.defuse.identify.persistence.DatasetCache;
import dev.defuse.identify.persistence.JobDocuments;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a worker needs to process a job's shards: the spec (read once: specs never change), the training images
 * and the resolved image selection. Thread-safe.
 */
public final class JobContexts {

    /** Jobs whose spec and selection stay cached; datasets are cached separately. */
    private static final int CACHED_JOBS = 64;

    /** A job's spec, its training images and the dataset indices of its selection (ascending). */
    public record JobContext(JobSpec spec, LabeledImages images, int[] selection) {
    }

    private final JobDocuments documents;
    private final DatasetCache datasets;
    private final Map<String, Selection> selections = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Selection> eldest) {
            return size() > CACHED_JOBS;
        }
    };

    private record Selection(JobSpec spec, int[] indices) {
    }

    public JobContexts(JobDocuments documents, DatasetCache datasets) {
        this.documents = Require.nonNull(documents, "documents");
        this.datasets = Require.nonNull(datasets, "datasets");
    }

    /**
     * The context of {@code jobId}.
     *
     * @throws UnknownJobException if the job has no spec
     */
    public JobContext get(String jobId) {
        Selection cached;
        synchronized (selections) {
            cached = selections.get(jobId);
        }
        if (cached != null) {
            return new JobContext(cached.spec(), images(cached.spec()), cached.indices());
        }
        JobSpec spec = documents.spec(jobId).orElseThrow(() -> new UnknownJobException(jobId));
        LabeledImages images = images(spec);
        int[] indices = spec.identify().selection().resolve(images.size(), spec.identify().seed());
        synchronized (selections) {
            selections.put(jobId, new Selection(spec, indices));
        }
        return new JobContext(spec, images, indices);
    }

    /** The training images of a spec (cached by dataset). */
    public LabeledImages images(JobSpec spec) {
        return datasets.training(spec.dataset(), spec.classes());
    }
}
