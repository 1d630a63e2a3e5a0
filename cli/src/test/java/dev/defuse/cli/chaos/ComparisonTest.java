package dev.defuse.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.defuse.cli.demo.JobEvents;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How a disturbed run is compared with the undisturbed one: by what the records and rows are, not by their ids;
 * lost, duplicated effects and harmless raw duplicates counted apart.
 */
class ComparisonTest {

  private static final String BASELINE = "chaos-undisturbed-20261129-080000";
  private static final String DISTURBED = "chaos-kill-labeling-20261129-081000";

  @Test
  void theSameJobRunTwiceUnderTwoIdsIsIdentical() {
    Comparison.Verdict v = Comparison.of(snapshot(BASELINE, job(BASELINE)), snapshot(DISTURBED, job(DISTURBED)));
    assertThat(v.identical()).isTrue();
    assertThat(v.differences()).isEmpty();
    assertThat(v.lost()).isZero();
    assertThat(v.duplicated()).isZero();
    assertThat(v.rawDuplicates()).isZero();
  }

  @Test
  void aRedeliveredRecordIsARawDuplicateNotADuplicatedEffect() {
    List<JobEvents.Record> disturbed = job(DISTURBED);
    disturbed.add(disturbed.get(1)); // the same event id again, as a producer retry or a replay would send it
    Comparison.Verdict v = Comparison.of(snapshot(BASELINE, job(BASELINE)), snapshot(DISTURBED, disturbed));
    assertThat(v.identical()).isTrue();
    assertThat(v.rawDuplicates()).isEqualTo(1);
    assertThat(v.duplicated()).isZero();
  }

  @Test
  void aFactReSentUnderANewEventIdIsADuplicatedEffect() {
    List<JobEvents.Record> disturbed = job(DISTURBED);
    MistakeFound m = (MistakeFound) disturbed.get(0).event();
    disturbed.add(record(new MistakeFound(UUID.randomUUID(), DISTURBED, Instant.now(), m.shardIndex(), m.imageIndex(),
        m.originalLabel(), m.predictedLabel(), m.z(), m.epsNorm(), m.tensorKey(), m.row())));
    Comparison.Verdict v = Comparison.of(snapshot(BASELINE, job(BASELINE)), snapshot(DISTURBED, disturbed));
    assertThat(v.duplicated()).isEqualTo(1);
    assertThat(v.duplicatedDetail()).singleElement().asString().contains(Topics.MISTAKES)
        .contains("new event id");
    assertThat(v.rawDuplicates()).isZero();
  }

  @Test
  void aMissingFactIsLostAndAChangedValueIsNamedWithItsPath() {
    List<JobEvents.Record> disturbed = job(DISTURBED);
    disturbed.remove(2); // mistake/1/0
    MistakeFound m = (MistakeFound) disturbed.get(0).event();
    float[] z = m.z();
    z[1] += 0.25f;
    disturbed.set(0, record(MistakeFound.of(DISTURBED, m.shardIndex(), m.imageIndex(), m.originalLabel(),
        m.predictedLabel(), z, m.epsNorm(), m.tensorKey(), m.row())));
    Comparison.Verdict v = Comparison.of(snapshot(BASELINE, job(BASELINE)), snapshot(DISTURBED, disturbed));
    assertThat(v.identical()).isFalse();
    assertThat(v.lost()).isEqualTo(1);
    assertThat(v.lostDetail()).singleElement().asString().contains("mistake/1/0");
    assertThat(v.differences()).containsOnlyKeys("mistakes");
    assertThat(v.differences().get("mistakes")).contains("mistake/0/0.z[1]").contains("largest numeric difference 0.25")
        .contains("mistake/1/0: missing in the disturbed run");
  }

  @Test
  void votesStoredTwiceAreDuplicatedAndVotesMissingAreLost() {
    Map<String, List<JsonNode>> votes = votes();
    votes.get("vote/0/0/sim-1").add(IntNode.valueOf(7));
    votes.remove("vote/0/1/sim-2");
    JobSnapshot disturbed = snapshot(DISTURBED, job(DISTURBED), votes, 1);
    Comparison.Verdict v = Comparison.of(snapshot(BASELINE, job(BASELINE)), disturbed);
    assertThat(v.duplicated()).isEqualTo(1);
    assertThat(v.lost()).isEqualTo(1);
    assertThat(v.identical()).as("a vote is missing from the decisions").isFalse();
    assertThat(v.differences().get("decisions")).contains("vote/0/1/sim-2");
  }

  @Test
  void aSecondRegisteredModelIsADuplicatedEffect() {
    Comparison.Verdict v = Comparison.of(snapshot(BASELINE, job(BASELINE)),
        snapshot(DISTURBED, job(DISTURBED), votes(), 2));
    assertThat(v.duplicated()).isEqualTo(1);
    assertThat(v.differences()).containsKey("model");
  }

  @Test
  void canonicalJsonDropsWhatNamesTheRunAndKeepsTheResult() throws Exception {
    JsonNode raw = new ObjectMapper().readTree("{\"eventId\":\"x\",\"occurredAt\":\"t\",\"itemId\":4,"
        + "\"modelKey\":\"models/" + BASELINE + "-defuse/params.bin\",\"votes\":[{\"vendorId\":\"v1\",\"label\":3}],"
        + "\"epochs\":[{\"accuracy\":0.91,\"seconds\":24.4}],\"trainingSeconds\":3,\"finishedAt\":\"t\"}");
    assertThat(Canonical.of(raw, BASELINE).toString()).isEqualTo("{\"epochs\":[{\"accuracy\":0.91}],"
        + "\"modelKey\":\"models/{job}-defuse/params.bin\",\"votes\":[{\"label\":3}]}");
  }

  @Test
  void anItemsVotesAreASetWhateverTheOrderTheyCameIn() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree("{\"votes\":[{\"annotatorId\":\"sim-1\",\"label\":3},"
        + "{\"annotatorId\":\"sim-2\",\"label\":7}]}");
    JsonNode second = json.readTree("{\"votes\":[{\"annotatorId\":\"sim-2\",\"label\":7},"
        + "{\"annotatorId\":\"sim-1\",\"label\":3}]}");
    JsonNode otherVote = json.readTree("{\"votes\":[{\"annotatorId\":\"sim-2\",\"label\":3},"
        + "{\"annotatorId\":\"sim-1\",\"label\":3}]}");
    assertThat(Canonical.of(second, BASELINE)).isEqualTo(Canonical.of(first, BASELINE));
    assertThat(Canonical.of(otherVote, BASELINE)).isNotEqualTo(Canonical.of(first, BASELINE));
  }

  @Test
  void scenariosAreNamedAsOnTheCommandLine() {
    assertThat(Scenario.parse(List.of("all"))).hasSize(7).startsWith(Scenario.KILL_IDENTIFY);
    assertThat(Scenario.parse(List.of("kill-labeling", "db-restart")))
        .containsExactly(Scenario.KILL_LABELING, Scenario.DB_RESTART);
    assertThatThrownBy(() -> Scenario.parse(List.of("kill-kafka"))).hasMessageContaining("known: all, kill-identify");
  }

  /** Three mistakes over two shards and the labeling completion, as a job's topics would carry them. */
  private static List<JobEvents.Record> job(String jobId) {
    List<JobEvents.Record> records = new ArrayList<>();
    records.add(record(MistakeFound.of(jobId, 0, 12, 3, 5, new float[] {0.1f, 0.2f}, 1.5, tensor(jobId, 0), 0)));
    records.add(record(MistakeFound.of(jobId, 0, 17, 4, 9, new float[] {0.3f, -0.2f}, 0.7, tensor(jobId, 0), 1)));
    records.add(record(MistakeFound.of(jobId, 1, 40, 7, 1, new float[] {-1f, 2f}, 2.0, tensor(jobId, 1), 0)));
    records.add(record(LabelingCompleted.of(jobId, 2, 1, 18, 0.9)));
    return records;
  }

  private static String tensor(String jobId, int shard) {
    return "tensors/" + jobId + "/identify/shard-0000" + shard + ".dft";
  }

  private static JobEvents.Record record(DefuseEvent event) {
    return new JobEvents.Record(event.topic(), Instant.now(), event);
  }

  private static Map<String, List<JsonNode>> votes() {
    Map<String, List<JsonNode>> votes = new TreeMap<>();
    for (int row = 0; row < 2; row++) {
      for (String annotator : List.of("sim-1", "sim-2")) {
        votes.put("vote/0/" + row + "/" + annotator, new ArrayList<>(List.of(IntNode.valueOf(7))));
      }
    }
    return votes;
  }

  private static JobSnapshot snapshot(String jobId, List<JobEvents.Record> records) {
    return snapshot(jobId, records, votes(), 1);
  }

  private static JobSnapshot snapshot(String jobId, List<JobEvents.Record> records,
      Map<String, List<JsonNode>> votes, int models) {
    Map<String, List<JobEvents.Record>> byTopic = new TreeMap<>();
    records.forEach(r -> byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r));
    JobSnapshot.Topics topics = JobSnapshot.Topics.of(byTopic, jobId);
    return new JobSnapshot(jobId, topics.counts(), topics.facts(), topics.conflicts(), Map.of(), Map.of(), votes,
        new ObjectMapper().createObjectNode().put("state", "REGISTERED"), models,
        Map.of("tensors/{job}/identify/shard-00000.dft", "ab"), Map.of());
  }
}
