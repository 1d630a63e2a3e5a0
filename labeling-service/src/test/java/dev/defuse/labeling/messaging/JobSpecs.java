package dev.defuse.labeling.messaging;

import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.job.LabelingParams;
import dev.defuse.labeling.Fixtures;

/** Job specs as the pipeline writes them to {@code jobs/{jobId}/spec.json}. */
final class JobSpecs {

  private JobSpecs() {}

  static JobSpec digits(String jobId, int annotatorsPerItem, double rho) {
    return JobSpec.withDefaults(jobId, DatasetRef.mnist("datasets/mnist/"), "models/classifier/params.bin",
        "models/vae/params.bin", Fixtures.DIGITS).withLabeling(new LabelingParams(annotatorsPerItem, rho));
  }
}
