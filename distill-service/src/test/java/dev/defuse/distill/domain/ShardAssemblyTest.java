package dev.defuse.distill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.store.ObjectKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Buffering a shard's mistakes until its completion, and putting them together in row order. */
class ShardAssemblyTest {

  private static final String JOB = "job-7";
  private static final TensorRef TENSOR = new TensorRef(ObjectKeys.identifyShard(JOB, 2), "a".repeat(64));

  @Test
  void rowsArriveInAnyOrderAndDuplicatesCountOnce() {
    MistakeBuffer<String> buffer = new MistakeBuffer<>();
    assertThat(buffer.add(mistake(2, 1.5f), 0, "m2")).isTrue();
    assertThat(buffer.add(mistake(0, 0.5f), 0, "m0")).isTrue();
    assertThat(buffer.add(mistake(2, 1.5f), 0, "m2-again")).isFalse();
    assertThat(buffer.add(mistake(1, 1.0f), 0, "m1")).isTrue();
    assertThat(buffer.bufferedRows(JOB)).containsExactly(Map.entry(2, 3));
    assertThat(buffer.rowCount()).isEqualTo(3);

    MistakeBuffer.Taken<String> taken = buffer.take(new ShardKey(JOB, 2));
    assertThat(taken.handles()).containsExactly("m2", "m0", "m2-again", "m1");
    AssembledShard shard = AssembledShard.assemble(completion(3), taken.rows());
    assertThat(shard.latentDim()).isEqualTo(2);
    assertThat(shard.codes()).containsExactly(0.5f, -0.5f, 1.0f, -1.0f, 1.5f, -1.5f);
    assertThat(shard.imageIndex()).containsExactly(100, 101, 102);
    assertThat(buffer.rowCount()).isZero();
    assertThat(buffer.take(new ShardKey(JOB, 2)).handles()).isEmpty();
  }

  @Test
  void aCompletionCountingRowsThatNeverCameIsInconsistent() {
    Map<Integer, MistakeFound> rows = Map.of(0, mistake(0, 0f), 2, mistake(2, 0f));
    assertThatThrownBy(() -> AssembledShard.assemble(completion(3), rows))
        .isInstanceOf(InconsistentInputException.class)
        .hasMessageContaining("counts 3 mistakes but only 2 arrived").hasMessageContaining("missing rows [1]");
    assertThatThrownBy(() -> AssembledShard.assemble(completion(1), rows))
        .isInstanceOf(InconsistentInputException.class).hasMessageContaining("rows [2] were received");
  }

  @Test
  void theSameRowWithOtherContentIsInconsistent() {
    MistakeBuffer<String> buffer = new MistakeBuffer<>();
    buffer.add(mistake(0, 0.5f), 0, "a");
    assertThatThrownBy(() -> buffer.add(mistake(0, 0.7f), 0, "b"))
        .isInstanceOf(InconsistentInputException.class).hasMessageContaining("row 0 was delivered twice");
  }

  @Test
  void codesOfDifferentSizesAreInconsistent() {
    MistakeFound wide = MistakeFound.of(JOB, 2, 101, 3, 5, new float[] {1, 2, 3}, 0.1, TENSOR.key(), 1);
    assertThatThrownBy(() -> AssembledShard.assemble(completion(2), Map.of(0, mistake(0, 0f), 1, wide)))
        .isInstanceOf(InconsistentInputException.class).hasMessageContaining("size 3");
  }

  @Test
  void revokedPartitionsAndFailedJobsLeaveTheBuffer() {
    MistakeBuffer<String> buffer = new MistakeBuffer<>();
    buffer.add(mistake(0, 0f), 0, "p0");
    buffer.add(MistakeFound.of("job-8", 0, 1, 3, 5, new float[] {1, 2}, 0.1, "tensors/job-8/identify/s.dft", 0), 1,
        "p1");
    assertThat(buffer.dropPartitions(List.of(1))).containsExactly("p1");
    assertThat(buffer.dropJob(JOB)).containsExactly("p0");
    assertThat(buffer.rowCount()).isZero();
  }

  @Test
  void anEmptyShardAssemblesToNoRows() {
    ShardCompleted empty = ShardCompleted.of(JOB, 2, 4, 10, 0, 5000, 0, null);
    AssembledShard shard = AssembledShard.assemble(empty, Map.of());
    assertThat(shard.mistakeCount()).isZero();
    assertThat(shard.codes()).isEmpty();
  }

  private static MistakeFound mistake(int row, float value) {
    return MistakeFound.of(JOB, 2, 100 + row, 3, 5, new float[] {value, -value}, 0.1 * row, TENSOR.key(), row);
  }

  private static ShardCompleted completion(int mistakes) {
    return ShardCompleted.of(JOB, 2, 4, 10, 0, 5000, mistakes, TENSOR);
  }
}
