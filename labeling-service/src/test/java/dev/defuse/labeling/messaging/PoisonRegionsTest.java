package dev.defuse.labeling.messaging;

import static dev.defuse.labeling.Fixtures.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.EventJson;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.events.Topics;
import dev.defuse.common.messaging.DeadLetter;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.labeling.Fixtures;
import dev.defuse.testsupport.KafkaTestClient;
import dev.defuse.testsupport.PoisonRecords;
import dev.defuse.testsupport.PoisonRecords.Poison;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Poison records on {@code regions}, on the real broker: each goes to {@code regions-dlq} with the reason and its
 * origin (topic, partition, offset, service) in headers, and the channel goes on to store the valid event behind
 * them on the same partition.
 */
@QuarkusTest
class PoisonRegionsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Inject
  ObjectStore store;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "mp.messaging.incoming.regions-in.group.id")
  String group;

  @Test
  void poisonRecordsAreDeadLetteredAndTheValidOneBehindThemIsStored() throws Exception {
    String jobId = Fixtures.newJobId();
    store.putJson(ObjectKeys.jobSpec(jobId), JobSpecs.digits(jobId, 3, 0.5));
    TensorRef review = store.putTensor(ObjectKeys.regionSamples(jobId, 0, "review"),
        new FloatTensor(new int[] {4, 1, 28, 28}, new float[4 * 784])).ref();
    RegionFound valid = RegionFound.of(jobId, 0, 1, 0.4, new double[] {0.1, 0.2},
        new double[][] {{1, 0}, {0, 1}}, review, review, review, new int[] {1, 1, 1, 1});
    String json = new EventJson().writeString(valid);
    String noSpec = "no-spec-" + jobId;

    // what each record is, and what its dead letter's reason must say
    List<Poison> poisons = List.of(
        PoisonRecords.garbage(),
        PoisonRecords.wrongSchemaVersion(json),
        PoisonRecords.withNumber(json, "regionCount", -1, "regionCount must be > 0"),
        PoisonRecords.without(json, "jobId"),
        new Poison("another stage's event",
            new EventSerializer().serialize(Topics.REGIONS, SweepPoint.of(jobId, SweepVariant.DEFUSE, 1.0, 0, 1)),
            "regions-in consumes RegionFound or DistillCompleted, not SweepPoint"),
        new Poison("a job without a spec", json.replace(jobId, noSpec).getBytes(StandardCharsets.UTF_8),
            "jobs/" + noSpec + "/spec.json"));
    try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
      Map<Poison, RecordMetadata> sent = PoisonRecords.publish(kafka, Topics.REGIONS, jobId, poisons);
      RecordMetadata validSent = kafka.send(Topics.REGIONS, jobId, new EventJson().write(valid),
          new ByteArraySerializer());
      // and one more as the partition's last record: its offset must be committed too (not read again on restart)
      Poison trailing = PoisonRecords.garbage();
      sent.put(trailing, kafka.send(Topics.REGIONS, jobId, trailing.value(), new ByteArraySerializer()));

      List<DeadLetter> dead = kafka.consumeKey(Topics.dlq(Topics.REGIONS), jobId, sent.size(), WAIT).stream()
          .map(DeadLetter::from).toList();
      assertThat(dead).hasSize(sent.size());
      sent.forEach((poison, origin) -> {
        DeadLetter letter = dead.stream().filter(d -> d.originOffset() == origin.offset()).findFirst()
            .orElseThrow(() -> new AssertionError("no dead letter for " + poison.description()));
        assertThat(letter.originTopic()).as(poison.description()).isEqualTo(Topics.REGIONS);
        assertThat(letter.originPartition()).as(poison.description()).isEqualTo(origin.partition());
        assertThat(letter.service()).as(poison.description()).isEqualTo("labeling-service");
        assertThat(letter.reason()).as(poison.description()).contains(poison.reasonFragment());
        assertThat(letter.key()).isEqualTo(jobId);
      });
      // a record that could not be read is kept byte for byte
      DeadLetter garbage = dead.stream().filter(d -> d.originOffset() == sent.get(poisons.get(0)).offset())
          .findFirst().orElseThrow();
      assertThat(garbage.value()).isEqualTo(poisons.get(0).value());
      assertThat(validSent.partition()).isEqualTo(sent.get(trailing).partition());
      await(() -> kafka.committed(group, Topics.REGIONS, validSent.partition()) > sent.get(trailing).offset());
    }

    // the channel went on: the valid region behind the poison records became four items
    awaitItems(jobId, 4);
    given().auth().oauth2(ADMIN).get("/admin/v1/jobs/" + noSpec + "/items").then().statusCode(404);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not reached within " + WAIT);
      }
      Thread.sleep(250);
    }
  }

  private static void awaitItems(String jobId, int items) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    List<Object> seen = new ArrayList<>();
    while (Instant.now().isBefore(deadline)) {
      var response = given().auth().oauth2(ADMIN).get("/admin/v1/jobs/" + jobId + "/items");
      if (response.statusCode() == 200) {
        seen = response.jsonPath().getList("items");
        if (seen.size() == items) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the labeling service did not create " + items + " items for " + jobId + ": " + seen);
  }
}
