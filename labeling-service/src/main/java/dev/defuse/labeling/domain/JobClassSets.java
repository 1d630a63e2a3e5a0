package dev.defuse.labeling.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.labeling.persistence.LabelingJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class set of each job, read once: a job's classes never change after the job is created, and every vote
 * needs them.
 */
@ApplicationScoped
public class JobClassSets {

  private final ObjectMapper mapper;
  private final Map<String, ClassSet> byJob = new ConcurrentHashMap<>();

  public JobClassSets(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ClassSet of(String jobId) {
    ClassSet cached = byJob.get(jobId);
    if (cached != null) {
      return cached;
    }
    LabelingJob job = LabelingJob.findByJobId(jobId)
        .orElseThrow(() -> ApiProblem.notFound("no labeling job '" + jobId + "'"));
    ClassSet classes = ClassSet.fromJson(mapper, job.classesJson);
    byJob.put(jobId, classes);
    return classes;
  }
}
