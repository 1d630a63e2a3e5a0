package dev.defuse.distill;

import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.job.DistillParams;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A job as identify would leave it: three well-separated Gaussian blobs of 10-D latent codes (300 mistakes each,
 * σ = 0.5 per dimension around centres 4 apart on different axes), spread over three shards of 300 mistakes, with
 * identify's decoded-mistake tensor per shard in the object store. The codes are the same for every job id.
 */
public final class SyntheticJob {

  public static final int SHARDS = 3;
  public static final int PER_SHARD = 300;
  public static final int MISTAKES = SHARDS * PER_SHARD;
  public static final double[][] CENTRES = new double[3][TestModels.LATENT_SIZE];
  public static final double SIGMA = 0.5;
  private static final int IMAGES_PER_SHARD = 20;
  private static final int Q = 50;

  static {
    CENTRES[0][0] = 4;
    CENTRES[1][1] = 4;
    CENTRES[2][0] = -4;
    CENTRES[2][2] = 4;
  }

  public final String jobId;
  /** The mistakes of each shard, by row. */
  public final List<List<MistakeFound>> mistakes = new ArrayList<>();
  public final List<ShardCompleted> shardCompletions = new ArrayList<>();
  public final IdentifyCompleted completion;

  private SyntheticJob(String jobId, ObjectStore store) {
    this.jobId = jobId;
    Random random = new Random(2024);
    List<IdentifyCompleted.ShardSummary> summaries = new ArrayList<>();
    for (int s = 0; s < SHARDS; s++) {
      float[] decoded = new float[PER_SHARD * 28 * 28];
      for (int row = 0; row < PER_SHARD; row++) {
        Arrays.fill(decoded, row * 784, (row + 1) * 784, row / (float) PER_SHARD);
      }
      TensorRef tensor = store.putTensor(ObjectKeys.identifyShard(jobId, s),
          new FloatTensor(new int[] {PER_SHARD, 1, 28, 28}, decoded)).ref();
      List<MistakeFound> rows = new ArrayList<>();
      for (int row = 0; row < PER_SHARD; row++) {
        int blob = (s * PER_SHARD + row) % 3;
        float[] z = new float[TestModels.LATENT_SIZE];
        for (int j = 0; j < z.length; j++) {
          z[j] = (float) (CENTRES[blob][j] + SIGMA * random.nextGaussian());
        }
        int image = s * IMAGES_PER_SHARD + row % IMAGES_PER_SHARD;
        rows.add(MistakeFound.of(jobId, s, image, blob, (blob + 1) % 10, z, 0.1 + row * 1e-3, tensor.key(), row));
      }
      mistakes.add(rows);
      ShardCompleted done = ShardCompleted.of(jobId, s, SHARDS, IMAGES_PER_SHARD, 0, (long) IMAGES_PER_SHARD * Q,
          PER_SHARD, tensor);
      shardCompletions.add(done);
      summaries.add(IdentifyCompleted.ShardSummary.of(done));
    }
    completion = IdentifyCompleted.of(jobId, SHARDS * IMAGES_PER_SHARD, 0, summaries);
  }

  /** Creates the job's identify output (tensors in the store) and writes its spec with {@code params}. */
  public static SyntheticJob create(String jobId, ObjectStore store, DistillParams params) {
    writeSpec(jobId, store, params);
    return new SyntheticJob(jobId, store);
  }

  /** Stores the test models (once) and the job's spec. */
  public static void writeSpec(String jobId, ObjectStore store, DistillParams params) {
    TestModels.ensure(store);
    store.putJson(ObjectKeys.jobSpec(jobId), JobSpec.withDefaults(jobId, DatasetRef.mnist("datasets/mnist/"),
        TestModels.CLASSIFIER_KEY, TestModels.VAE_KEY, MnistDataset.CLASSES).withDistill(params));
  }

  /** Small sample sets and K = 6; the 900 codes are downsampled to 800. */
  public static DistillParams params() {
    return new DistillParams(6, 0.01, 0.5, 4, 6, 5, 800, 3);
  }

  /** Every record of shard {@code s}: its mistakes, then its completion. */
  public List<DefuseEvent> shard(int s) {
    List<DefuseEvent> events = new ArrayList<>(mistakes.get(s));
    events.add(shardCompletions.get(s));
    return events;
  }
}
