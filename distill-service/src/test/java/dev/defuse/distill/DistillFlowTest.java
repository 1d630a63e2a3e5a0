package dev.defuse.distill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.store.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The stage end to end on the real broker and S3 server: identify's records on {@code mistakes} (with redelivered
 * duplicates and two shards interleaved, as two identify replicas would publish them) become three regions on
 * {@code regions}, exactly once, with their decoded samples in the object store.
 */
@QuarkusTest
class DistillFlowTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration QUIET = Duration.ofSeconds(2);

  @Inject
  ObjectStore store;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void mistakesBecomeThreeRegionsExactlyOnce() {
    String jobId = newJobId("flow");
    SyntheticJob job = SyntheticJob.create(jobId, store, SyntheticJob.params());
    try (EventsClient events = new EventsClient(bootstrap)) {
      List<DefuseEvent> records = new ArrayList<>();
      records.addAll(job.mistakes.get(0));
      records.addAll(job.mistakes.get(0).subList(0, 50)); // a redelivery before the shard completed
      records.add(job.shardCompletions.get(0));
      // shards 1 and 2 interleaved, as two identify replicas publish them
      for (int row = 0; row < SyntheticJob.PER_SHARD; row++) {
        records.add(job.mistakes.get(1).get(row));
        records.add(job.mistakes.get(2).get(row));
      }
      records.add(job.shardCompletions.get(2));
      records.add(job.shardCompletions.get(1));
      // a redelivery of a stored shard
      records.addAll(job.mistakes.get(1).subList(0, 20));
      records.add(job.shardCompletions.get(1));
      records.add(job.completion);
      events.send(records);

      List<DefuseEvent> published = events.regions(jobId, 4, WAIT, QUIET);
      List<RegionFound> regions = RegionChecks.verify(jobId, published, store, SyntheticJob.params());

      JsonPath view = given().get("/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
      assertThat(view.getString("status")).isEqualTo("PUBLISHED");
      assertThat(view.getList("receiving.storedShards", Integer.class)).containsExactly(0, 1, 2);
      assertThat(view.getBoolean("receiving.identifyCompleted")).isTrue();
      assertThat(view.getList("receiving.waitingForShards")).isEmpty();
      assertThat(view.getInt("fit.result.codesFitted")).isEqualTo(800);
      assertThat(view.getInt("fit.settings.components")).isEqualTo(6);
      assertThat(view.getList("regions.sampled", Boolean.class)).containsExactly(true, true, true);
      assertThat(view.getList("regions.assignedCodes", Integer.class)).allMatch(n -> n > 200);
      // every mistake of a blob has the same (original → predicted) labels: the region's only pair
      assertThat(view.getList("regions.labelPairs.count")).hasSize(3);
      given().get("/jobs/" + jobId + "/regions/1").then().statusCode(200)
          .body("regionCount", equalTo(3))
          .body("sets.review.images.key", equalTo(regions.get(1).reviewSamples().key()))
          .body("sets.test.count", equalTo(5));

      // identify's completion redelivered (and a stray mistake): nothing new is published
      events.send(job.mistakes.get(2).get(7), job.completion);
      assertThat(events.regions(jobId, 5, QUIET, Duration.ZERO)).hasSize(4);
    }
  }

  @Test
  void aJobWithoutMistakesCompletesWithNoRegions() {
    String jobId = newJobId("empty");
    SyntheticJob.writeSpec(jobId, store, SyntheticJob.params());
    ShardCompleted shard = ShardCompleted.of(jobId, 0, 1, 20, 0, 1000, 0, null);
    try (EventsClient events = new EventsClient(bootstrap)) {
      events.send(shard, IdentifyCompleted.of(jobId, 20, 0, List.of(IdentifyCompleted.ShardSummary.of(shard))));
      List<DefuseEvent> published = events.regions(jobId, 1, WAIT, QUIET);
      assertThat(published).singleElement().isInstanceOfSatisfying(DistillCompleted.class, done -> {
        assertThat(done.regionCount()).isZero();
        assertThat(done.mistakesReceived()).isZero();
        assertThat(done.codesFitted()).isZero();
        assertThat(done.lowerBound()).isNull();
      });
    }
  }

  @Test
  void aShardMissingRowsFailsTheJobWithTheReason() {
    String jobId = newJobId("broken");
    SyntheticJob job = SyntheticJob.create(jobId, store, SyntheticJob.params());
    try (EventsClient events = new EventsClient(bootstrap)) {
      List<DefuseEvent> records = new ArrayList<>(job.mistakes.get(0));
      records.remove(17); // row 17 never arrives
      records.add(job.shardCompletions.get(0));
      events.send(records);
      await(() -> "FAILED".equals(given().get("/jobs/" + jobId).then().extract().path("status")));
      given().get("/jobs/" + jobId).then().statusCode(200)
          .body("failure", containsString("missing rows [17]"));
      // the rest of the job is acknowledged and ignored; nothing is published
      events.send(job.shard(1));
      events.send(job.completion);
      assertThat(events.regions(jobId, 1, QUIET, Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void serviceEndpoints() {
    given().get("/jobs/" + newJobId("unknown")).then().statusCode(404)
        .contentType("application/problem+json").body("status", equalTo(404));
    given().get("/jobs/not a job id").then().statusCode(400).body("title", equalTo("Bad Request"));
    given().get("/q/health/ready").then().statusCode(200)
        .body("checks.name", hasItem("object-store"));
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body("paths.'/jobs/{jobId}'.get.summary", equalTo("A job's distill state"));
  }

  static String newJobId(String kind) {
    return "distill-" + kind + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static void await(java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
    throw new AssertionError("condition not met within " + WAIT);
  }
}
