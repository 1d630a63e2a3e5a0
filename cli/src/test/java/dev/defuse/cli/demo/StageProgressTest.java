package dev.defuse.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StageProgressTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void identifyCountsProcessedAndSkippedImages() throws Exception {
    StageProgress p = StageProgress.identify(read(
        "{\"state\":\"RUNNING\",\"imagesSelected\":2000,\"imagesProcessed\":900,\"imagesSkipped\":100}"));
    assertThat(p.done()).isEqualTo(1000);
    assertThat(p.total()).isEqualTo(2000);
    assertThat(p.ended()).isFalse();
    assertThat(p.line(50)).contains("1000/2000 images").contains("50.0/s").contains("ETA 0:20").contains("RUNNING");
  }

  @Test
  void distillCountsRegionsWhileSamplingAndFailsWithTheReason() throws Exception {
    StageProgress sampling = StageProgress.distill(read("{\"status\":\"SAMPLING\",\"receiving\":{\"shardCount\":4,"
        + "\"storedShards\":[0,1,2,3]},\"running\":{\"regionsDone\":3,\"regionsTotal\":12}}"));
    assertThat(sampling.unit()).isEqualTo("regions");
    assertThat(sampling.done()).isEqualTo(3);
    StageProgress failed = StageProgress.distill(read("{\"status\":\"FAILED\",\"failure\":\"no codes\"}"));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.state()).contains("no codes");
  }

  @Test
  void labelingNeedsEveryItemsVotesAndEndsWhenCompleted() throws Exception {
    StageProgress p = StageProgress.labeling(read("{\"annotatorsPerItem\":5,\"votes\":40,\"regionsDecided\":1,"
        + "\"regionsExpected\":2,\"completedAt\":null,\"regions\":[{\"items\":10},{\"items\":10}]}"));
    assertThat(p.total()).isEqualTo(100);
    assertThat(p.ended()).isFalse();
    assertThat(StageProgress.labeling(read("{\"annotatorsPerItem\":5,\"votes\":100,\"completedAt\":\"2026-01-01T00:00:00Z\","
        + "\"regions\":[]}")).ended()).isTrue();
  }

  @Test
  void correctionEndsWithAModelOrNothingToCorrect() throws Exception {
    assertThat(StageProgress.correction(read("{\"state\":\"SWEEPING\",\"sweep\":{\"total\":28,\"done\":3,\"failed\":1}}"))
        .done()).isEqualTo(4);
    assertThat(StageProgress.correction(read("{\"state\":\"REGISTERED\"}")).ended()).isTrue();
    StageProgress nothing = StageProgress.correction(read("{\"state\":\"NOTHING_TO_CORRECT\",\"message\":\"none\"}"));
    assertThat(nothing.ended()).isTrue();
    assertThat(nothing.failed()).isFalse();
  }

  @Test
  void clockFormatsMinutesAndHours() {
    assertThat(StageProgress.clock(75)).isEqualTo("1:15");
    assertThat(StageProgress.clock(3725)).isEqualTo("1:02:05");
  }

  private JsonNode read(String text) throws Exception {
    return json.readTree(text);
  }
}
