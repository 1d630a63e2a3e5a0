package dev.defuse.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.cli.demo.JobEvents;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.TensorRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

  @Test
  void aTopicsRecordsAreCountedPerEventTypeInOrderOfFirstAppearance() {
    TensorRef tensor = new TensorRef("tensors/job-1/identify/shard-00000.dft", "0".repeat(64));
    List<JobEvents.Record> records = List.of(
        record(MistakeFound.of("job-1", 0, 3, 7, 1, new float[] {0.5f}, 0.1, tensor.key(), 0)),
        record(MistakeFound.of("job-1", 0, 4, 2, 8, new float[] {0.5f}, 0.1, tensor.key(), 1)),
        record(ShardCompleted.of("job-1", 0, 2, 2, 0, 20, 2, tensor)),
        record(MistakeFound.of("job-1", 1, 9, 5, 3, new float[] {0.5f}, 0.1, tensor.key(), 0)));

    // the mistakes topic carries completions too: 4 records, 3 of them mistakes
    assertThat(ReportWriter.eventCounts(records)).isEqualTo("3 MistakeFound, 1 ShardCompleted");
    assertThat(ReportWriter.eventCounts(List.of())).isEmpty();
  }

  private static JobEvents.Record record(DefuseEvent event) {
    return new JobEvents.Record(event.topic(), Instant.EPOCH, event);
  }
}
