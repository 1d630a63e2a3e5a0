package dev.defuse.distill.persistence;

import dev.defuse.common.job.JobSpec;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.distill.domain.JobFailure;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads a job's specification ({@code jobs/{jobId}/spec.json}), written by identify when the job was submitted. */
@ApplicationScoped
public class JobSpecReader {

  private final ObjectStore store;

  public JobSpecReader(ObjectStore store) {
    this.store = store;
  }

  /**
   * @throws JobFailure if the job has no spec
   */
  public JobSpec read(String jobId) {
    try {
      JobSpec spec = store.getJson(ObjectKeys.jobSpec(jobId), JobSpec.class);
      if (!spec.jobId().equals(jobId)) {
        throw new JobFailure("the spec at " + ObjectKeys.jobSpec(jobId) + " is for job " + spec.jobId());
      }
      return spec;
    } catch (ObjectNotFoundException e) {
      throw new JobFailure("job " + jobId + " has no spec at " + ObjectKeys.jobSpec(jobId)
          + " in bucket " + store.bucket());
    }
  }
}
