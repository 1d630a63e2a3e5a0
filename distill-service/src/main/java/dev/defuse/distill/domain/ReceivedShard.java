package dev.defuse.distill.domain;

import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.util.Require;
import java.time.Instant;

/**
 * A completed shard as distill stores it: the manifest {@code jobs/{jobId}/distill/received/shard-XXXXX.json}
 * (this record) next to the latent codes tensor it names ({@code codes}, shape {@code [mistakeCount, latentDim]},
 * row r = the mistake in row r of identify's tensor). The manifest is written last, so its presence means the
 * shard is durably received.
 *
 * @param identifyTensor identify's tensor of the shard's decoded mistakes (null for a shard without mistakes)
 * @param codes          the latent codes (null for a shard without mistakes)
 * @param imageIndex     source training image of each row
 * @param originalLabel  label of the source image, per row
 * @param predictedLabel the classifier's label of the decoded mistake, per row
 * @param epsNorm        ‖ε‖₂ of each row's perturbation
 */
public record ReceivedShard(String jobId, int shardIndex, int shardCount, int mistakeCount, int latentDim,
    TensorRef identifyTensor, TensorRef codes, int[] imageIndex, int[] originalLabel, int[] predictedLabel,
    double[] epsNorm, Instant storedAt) {

  public ReceivedShard {
    Require.jobId(jobId);
    Require.positive(shardCount, "shardCount");
    Require.index(shardIndex, shardCount, "shardIndex");
    Require.nonNegative(mistakeCount, "mistakeCount");
    Require.nonNegative(latentDim, "latentDim");
    Require.check(mistakeCount == 0 || codes != null, "a shard with mistakes needs its codes tensor");
    for (Object column : new Object[] {imageIndex, originalLabel, predictedLabel, epsNorm}) {
      Require.nonNull(column, "shard column");
    }
    Require.check(imageIndex.length == mistakeCount && originalLabel.length == mistakeCount
        && predictedLabel.length == mistakeCount && epsNorm.length == mistakeCount,
        "shard " + shardIndex + ": every column needs " + mistakeCount + " values");
    Require.nonNull(storedAt, "storedAt");
  }

  /**
   * Checks this stored shard against identify's summary of it in the completion event: same mistake count and,
   * when both name one, the same tensor object.
   *
   * @throws InconsistentInputException if they differ
   */
  public void verifyAgainst(IdentifyCompleted.ShardSummary summary) {
    if (summary.mistakeCount() != mistakeCount) {
      throw new InconsistentInputException("shard " + shardIndex + ": the completion counts "
          + summary.mistakeCount() + " mistakes, but its ShardCompleted counted " + mistakeCount
          + " and that many were received");
    }
    if (summary.mistakes() != null && identifyTensor != null && !summary.mistakes().equals(identifyTensor)) {
      throw new InconsistentInputException("shard " + shardIndex + ": the completion names tensor "
          + summary.mistakes() + " but its ShardCompleted named " + identifyTensor);
    }
  }
}
