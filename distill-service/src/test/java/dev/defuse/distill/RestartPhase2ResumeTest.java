package dev.defuse.distill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.store.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Second life of a restart, in a new application with region jobs on (see {@link RestartPhase1ReceiveTest}): the job
 * recorded as due resumes when this instance is assigned its partition; the job stopped between mistakes and
 * completion gets shard 2's mistakes again from the broker (they were never acknowledged), then its completion.
 * Both end with the same three regions, each published exactly once.
 */
@QuarkusTest
@TestProfile(RestartPhase2ResumeTest.Restarted.class)
class RestartPhase2ResumeTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  /** The default configuration, as a distinct profile so the application restarts. */
  public static class Restarted implements QuarkusTestProfile {}

  @Inject
  ObjectStore store;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void bothJobsEndWithTheSameRegionsExactlyOnce() {
    assertThat(System.getProperty(RestartPhase1ReceiveTest.DONE_PROPERTY))
        .as("RestartPhase1ReceiveTest must run first in this JVM (run the module's whole test suite)")
        .isEqualTo("true");
    SyntheticJob before = SyntheticJob.create(RestartPhase1ReceiveTest.BEFORE_COMPLETION, store,
        SyntheticJob.params());
    try (EventsClient events = new EventsClient(bootstrap)) {
      // resumed from its stored state alone: nothing about this job is sent again
      List<DefuseEvent> resumed = events.regions(RestartPhase1ReceiveTest.AFTER_COMPLETION, 4, WAIT,
          Duration.ofSeconds(2));
      List<RegionFound> resumedRegions = RegionChecks.verify(RestartPhase1ReceiveTest.AFTER_COMPLETION, resumed,
          store, SyntheticJob.params());

      events.send(before.shardCompletions.get(2), before.completion);
      List<DefuseEvent> completed = events.regions(RestartPhase1ReceiveTest.BEFORE_COMPLETION, 4, WAIT,
          Duration.ofSeconds(3));
      List<RegionFound> completedRegions = RegionChecks.verify(RestartPhase1ReceiveTest.BEFORE_COMPLETION,
          completed, store, SyntheticJob.params());

      // same data, same seed: the same regions and the very same sample bytes, whichever way the job got there
      for (int r = 0; r < 3; r++) {
        assertThat(completedRegions.get(r).weight()).isEqualTo(resumedRegions.get(r).weight());
        assertThat(completedRegions.get(r).mean()).containsExactly(resumedRegions.get(r).mean());
        assertThat(completedRegions.get(r).reviewPredictions())
            .containsExactly(resumedRegions.get(r).reviewPredictions());
      }
      assertThat(RegionChecks.imageChecksums(completedRegions))
          .containsExactlyElementsOf(RegionChecks.imageChecksums(resumedRegions));

      given().get("/jobs/" + RestartPhase1ReceiveTest.BEFORE_COMPLETION).then().statusCode(200)
          .body("status", org.hamcrest.Matchers.equalTo("PUBLISHED"));
      // and nothing more arrives for either job
      assertThat(events.regions(RestartPhase1ReceiveTest.AFTER_COMPLETION, 5, Duration.ofSeconds(2),
          Duration.ZERO)).hasSize(4);
    }
  }
}
