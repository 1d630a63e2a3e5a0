package dev.defuse.labeling.store;

import dev.defuse.common.job.JobSpec;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.labeling.domain.JobLabelingSpec;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the labeling part of a job's spec ({@code jobs/{jobId}/spec.json}) from the object store. */
@ApplicationScoped
public class JobSpecReader {

  private final ObjectStore store;

  public JobSpecReader(ObjectStore store) {
    this.store = store;
  }

  public JobLabelingSpec read(String jobId) {
    JobSpec spec = store.getJson(ObjectKeys.jobSpec(jobId), JobSpec.class);
    return new JobLabelingSpec(spec.classes(), spec.labeling().annotatorsPerItem(), spec.labeling().rho());
  }
}
