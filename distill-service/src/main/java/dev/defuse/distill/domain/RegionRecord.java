package dev.defuse.distill.domain;

import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.TensorRef;
import java.util.Map;
import java.util.TreeMap;

/**
 * A region with its stored samples ({@code jobs/{jobId}/distill/regions/region-XXX.json}), written after all of
 * its tensors: what the region's {@code RegionFound} is built from.
 *
 * @param sets               per sample set ({@link SampleSet#id()}): its tensors
 * @param reviewPredictions  the classifier's prediction on each review sample
 */
public record RegionRecord(String jobId, int regionId, int regionCount, int component, double weight, double[] mean,
    double[][] covariance, double tau, Map<String, StoredSamples> sets, int[] reviewPredictions) {

  public RegionRecord {
    sets = new TreeMap<>(sets);
  }

  /**
   * One sample set of a region.
   *
   * @param count       samples
   * @param images      decoded images {@code [count, C, H, W]}
   * @param latents     the latent codes drawn {@code [count, d]}
   * @param predictions the classifier's class id for each image {@code [count]} (float32 holding integers)
   */
  public record StoredSamples(int count, TensorRef images, TensorRef latents, TensorRef predictions) {}

  public StoredSamples set(SampleSet set) {
    StoredSamples samples = sets.get(set.id());
    if (samples == null) {
      throw new IllegalStateException("region " + regionId + " of job " + jobId + " has no " + set.id() + " samples");
    }
    return samples;
  }

  /** The region's event (deterministic id {@code jobId:region:regionId}). */
  public RegionFound toEvent() {
    return RegionFound.of(jobId, regionId, regionCount, weight, mean, covariance, set(SampleSet.REVIEW).images(),
        set(SampleSet.FINETUNE).images(), set(SampleSet.TEST).images(), reviewPredictions);
  }
}
