package dev.defuse.distill.persistence;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.distill.domain.SampleSet;
import java.util.Locale;

/**
 * Object keys of the distill stage. Job state and manifests (JSON) live under {@code jobs/{jobId}/distill/},
 * tensors under {@code tensors/{jobId}/distill/}:
 *
 * <pre>
 * jobs/{jobId}/distill/state.json                 the job's status ({@code JobState})
 * jobs/{jobId}/distill/pending.json               present while the job has identify's completion but is not final
 * jobs/{jobId}/distill/received/shard-00003.json  a durably received shard ({@code ReceivedShard})
 * jobs/{jobId}/distill/fit.json                   the fit and the regions chosen ({@code StoredFit})
 * jobs/{jobId}/distill/regions/region-002.json    a region with its stored samples ({@code RegionRecord})
 * tensors/{jobId}/distill/received/shard-00003.dft        the shard's latent codes [n, d]
 * tensors/{jobId}/distill/region-002-review.dft           decoded review images [n, C, H, W] (also finetune, test)
 * tensors/{jobId}/distill/region-002-review-latents.dft   the latent codes drawn [n, d]
 * tensors/{jobId}/distill/region-002-review-predictions.dft  the classifier's class ids [n]
 * </pre>
 */
public final class DistillKeys {

  /** File name of the pending marker; {@link #isPendingMarker} recognises its keys in a listing. */
  static final String PENDING = "distill/pending.json";

  private DistillKeys() {}

  public static String state(String jobId) {
    return ObjectKeys.jobObject(jobId, "distill/state.json");
  }

  public static String pendingMarker(String jobId) {
    return ObjectKeys.jobObject(jobId, PENDING);
  }

  /** Whether a key of a {@code jobs/} listing is a pending marker. */
  public static boolean isPendingMarker(String key) {
    return key.startsWith(ObjectKeys.JOBS) && key.endsWith("/" + PENDING);
  }

  public static String receivedPrefix(String jobId) {
    return ObjectKeys.jobPrefix(jobId) + "distill/received/";
  }

  public static String receivedManifest(String jobId, int shardIndex) {
    return ObjectKeys.jobObject(jobId, "distill/received/" + shardName(shardIndex) + ".json");
  }

  public static String receivedCodes(String jobId, int shardIndex) {
    return ObjectKeys.tensor(jobId, "distill", "received/" + shardName(shardIndex));
  }

  public static String fit(String jobId) {
    return ObjectKeys.jobObject(jobId, "distill/fit.json");
  }

  public static String regionsPrefix(String jobId) {
    return ObjectKeys.jobPrefix(jobId) + "distill/regions/";
  }

  public static String region(String jobId, int regionId) {
    return ObjectKeys.jobObject(jobId, String.format(Locale.ROOT, "distill/regions/region-%03d.json", regionId));
  }

  /** Decoded images of a region's sample set (the key {@code RegionFound} carries). */
  public static String images(String jobId, int regionId, SampleSet set) {
    return ObjectKeys.regionSamples(jobId, regionId, set.id());
  }

  public static String latents(String jobId, int regionId, SampleSet set) {
    return ObjectKeys.regionSamples(jobId, regionId, set.id() + "-latents");
  }

  public static String predictions(String jobId, int regionId, SampleSet set) {
    return ObjectKeys.regionSamples(jobId, regionId, set.id() + "-predictions");
  }

  private static String shardName(int shardIndex) {
    return String.format(Locale.ROOT, "shard-%05d", shardIndex);
  }
}
