package dev.defuse.distill.domain;

import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A shard's mistakes put together in row order once its {@link ShardCompleted} arrived, ready to be stored.
 *
 * @param completion the shard's completion event
 * @param latentDim  size of every latent code (0 when the shard has no mistakes)
 * @param codes      the latent codes, row-major {@code mistakeCount × latentDim}
 */
public record AssembledShard(ShardCompleted completion, int latentDim, float[] codes, int[] imageIndex,
    int[] originalLabel, int[] predictedLabel, double[] epsNorm) {

  /** How many example rows an error message lists. */
  private static final int LISTED_ROWS = 10;

  public int mistakeCount() {
    return imageIndex.length;
  }

  /**
   * Puts the mistakes of {@code completion}'s shard together: rows {@code 0..mistakeCount-1}, each exactly once.
   *
   * @param rows the shard's mistakes by row (duplicates already dropped)
   * @throws InconsistentInputException if rows are missing or extra, codes differ in size, or a mistake names
   *                                    another tensor object than the completion
   */
  public static AssembledShard assemble(ShardCompleted completion, Map<Integer, MistakeFound> rows) {
    int n = completion.mistakeCount();
    String where = "job " + completion.jobId() + " shard " + completion.shardIndex();
    List<Integer> extra = rows.keySet().stream().filter(r -> r < 0 || r >= n).sorted().toList();
    if (!extra.isEmpty()) {
      throw new InconsistentInputException(where + ": ShardCompleted counts " + n + " mistakes but rows "
          + sample(extra) + " were received");
    }
    if (rows.size() != n) {
      List<Integer> missing = IntStream.range(0, n).filter(r -> !rows.containsKey(r)).boxed().toList();
      throw new InconsistentInputException(where + ": ShardCompleted counts " + n + " mistakes but only "
          + rows.size() + " arrived before it (missing rows " + sample(missing) + ")");
    }
    int d = n == 0 ? 0 : rows.get(0).latentDim();
    float[] codes = new float[n * d];
    int[] imageIndex = new int[n];
    int[] original = new int[n];
    int[] predicted = new int[n];
    double[] eps = new double[n];
    String tensorKey = completion.mistakes() == null ? null : completion.mistakes().key();
    for (int r = 0; r < n; r++) {
      MistakeFound m = rows.get(r);
      if (m.latentDim() != d) {
        throw new InconsistentInputException(where + ": row " + r + " has a latent code of size " + m.latentDim()
            + ", row 0 one of size " + d);
      }
      if (tensorKey != null && !tensorKey.equals(m.tensorKey())) {
        throw new InconsistentInputException(where + ": row " + r + " names tensor " + m.tensorKey()
            + ", the shard's completion " + tensorKey);
      }
      System.arraycopy(m.z(), 0, codes, r * d, d);
      imageIndex[r] = m.imageIndex();
      original[r] = m.originalLabel();
      predicted[r] = m.predictedLabel();
      eps[r] = m.epsNorm();
    }
    return new AssembledShard(completion, d, codes, imageIndex, original, predicted, eps);
  }

  /** Whether two deliveries of the same mistake row say the same thing (event time aside). */
  public static boolean sameMistake(MistakeFound a, MistakeFound b) {
    return a.jobId().equals(b.jobId()) && a.shardIndex() == b.shardIndex() && a.row() == b.row()
        && a.imageIndex() == b.imageIndex() && a.originalLabel() == b.originalLabel()
        && a.predictedLabel() == b.predictedLabel() && Arrays.equals(a.z(), b.z())
        && Double.compare(a.epsNorm(), b.epsNorm()) == 0 && a.tensorKey().equals(b.tensorKey());
  }

  private static String sample(List<Integer> rows) {
    List<Integer> shown = new ArrayList<>(rows.subList(0, Math.min(LISTED_ROWS, rows.size())));
    return shown + (rows.size() > LISTED_ROWS ? " and " + (rows.size() - LISTED_ROWS) + " more" : "");
  }
}
