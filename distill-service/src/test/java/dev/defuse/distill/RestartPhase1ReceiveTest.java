package dev.defuse.distill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.store.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * First life of a restart (the second is {@link RestartPhase2ResumeTest}, run next in a new application; classes
 * are ordered by name). This instance runs no region jobs, so it can be stopped at two points:
 *
 * <ul>
 *   <li>job {@value #BEFORE_COMPLETION}: shards 0 and 1 stored, shard 2's mistakes received (buffered, not
 *       acknowledged) but neither its completion nor identify's — the application stops between receiving
 *       mistakes and the completion event;</li>
 *   <li>job {@value #AFTER_COMPLETION}: every record received, identify's completion recorded and acknowledged,
 *       the region job due but not run.</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(RestartPhase1ReceiveTest.ReceiveOnly.class)
class RestartPhase1ReceiveTest {

  static final String BEFORE_COMPLETION = "distill-restart-before-completion";
  static final String AFTER_COMPLETION = "distill-restart-after-completion";
  /** Set when this phase ran, so the second phase knows its jobs exist (system properties outlive the application). */
  static final String DONE_PROPERTY = "defuse.test.distill.restart-phase-1";

  /** Receives and records, runs no region job; commits offsets quickly so acknowledged records stay consumed. */
  public static class ReceiveOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("defuse.distill.jobs.enabled", "false",
          "mp.messaging.incoming.mistakes-in.auto.commit.interval.ms", "200");
    }
  }

  @Inject
  ObjectStore store;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void receivesMistakesAndCompletionsDurably() throws InterruptedException {
    SyntheticJob after = SyntheticJob.create(AFTER_COMPLETION, store, SyntheticJob.params());
    SyntheticJob before = SyntheticJob.create(BEFORE_COMPLETION, store, SyntheticJob.params());
    try (EventsClient events = new EventsClient(bootstrap)) {
      List<DefuseEvent> all = new ArrayList<>();
      for (int s = 0; s < SyntheticJob.SHARDS; s++) {
        all.addAll(after.shard(s));
      }
      all.add(after.completion);
      events.send(all);
      DistillFlowTest.await(() -> "FITTING".equals(status(AFTER_COMPLETION)));
      Thread.sleep(1000); // a few commit intervals: this job's records are behind the committed offset

      List<DefuseEvent> partial = new ArrayList<>(before.shard(0));
      partial.addAll(before.shard(1));
      partial.addAll(before.mistakes.get(2));
      events.send(partial);
      DistillFlowTest.await(() -> {
        JsonPath view = given().get("/jobs/" + BEFORE_COMPLETION).then().extract().jsonPath();
        return view.getList("receiving.storedShards") != null && view.getList("receiving.storedShards").size() == 2
            && Integer.valueOf(SyntheticJob.PER_SHARD).equals(view.get("receiving.bufferedMistakes.'2'"));
      });

      JsonPath view = given().get("/jobs/" + BEFORE_COMPLETION).then().statusCode(200).extract().jsonPath();
      assertThat(view.getString("status")).isEqualTo("RECEIVING");
      assertThat(view.getBoolean("receiving.identifyCompleted")).isFalse();
      JsonPath due = given().get("/jobs/" + AFTER_COMPLETION).then().statusCode(200).extract().jsonPath();
      assertThat(due.getList("receiving.storedShards", Integer.class)).containsExactly(0, 1, 2);
      assertThat(due.getString("fit")).isNull();
      // nothing is published while region jobs are off
      assertThat(events.regions(AFTER_COMPLETION, 1, Duration.ofSeconds(2), Duration.ZERO)).isEmpty();
    }
    System.setProperty(DONE_PROPERTY, "true");
  }

  private static String status(String jobId) {
    return given().get("/jobs/" + jobId).then().extract().path("status");
  }
}
