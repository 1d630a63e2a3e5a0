package dev.defuse.distill.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.EventJson;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.events.Topics;
import dev.defuse.common.messaging.DeadLetter;
import dev.defuse.testsupport.KafkaTestClient;
import dev.defuse.testsupport.PoisonRecords;
import dev.defuse.testsupport.PoisonRecords.Poison;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Poison records on {@code mistakes}, on the real broker: each goes to {@code mistakes-dlq} with the reason and its
 * origin (topic, partition, offset, service) in headers, and the channel goes on to store the valid shard behind them
 * on the same partition and to commit past all of them.
 */
@QuarkusTest
class PoisonMistakesTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "mp.messaging.incoming.mistakes-in.group.id")
  String group;

  @Test
  void poisonRecordsAreDeadLetteredAndTheShardBehindThemIsStored() throws Exception {
    String jobId = "distill-poison-" + UUID.randomUUID().toString().substring(0, 8);
    ShardCompleted valid = ShardCompleted.of(jobId, 0, 1, 20, 0, 1000, 0, null);
    String json = new EventJson().writeString(valid);
    List<Poison> poisons = List.of(
        PoisonRecords.garbage(),
        PoisonRecords.wrongSchemaVersion(json),
        PoisonRecords.withNumber(json, "imagesProcessed", -5, "imagesProcessed must be >= 0"),
        PoisonRecords.without(json, "jobId"),
        new Poison("another stage's event", new EventSerializer().serialize(Topics.MISTAKES,
            SweepPoint.of(jobId, SweepVariant.DEFUSE, 1.0, 0, 1)),
            "mistakes-in consumes MistakeFound or ShardCompleted or IdentifyCompleted, not SweepPoint"));

    try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
      Map<Poison, RecordMetadata> sent = PoisonRecords.publish(kafka, Topics.MISTAKES, jobId, poisons);
      RecordMetadata validSent = kafka.send(Topics.MISTAKES, jobId, new EventJson().write(valid),
          new ByteArraySerializer());

      List<DeadLetter> dead = kafka.consumeKey(Topics.dlq(Topics.MISTAKES), jobId, poisons.size(), WAIT).stream()
          .map(DeadLetter::from).toList();
      assertThat(dead).hasSize(poisons.size());
      sent.forEach((poison, origin) -> {
        DeadLetter letter = dead.stream().filter(d -> d.originOffset() == origin.offset()).findFirst()
            .orElseThrow(() -> new AssertionError("no dead letter for " + poison.description()));
        assertThat(letter.originTopic()).as(poison.description()).isEqualTo(Topics.MISTAKES);
        assertThat(letter.originPartition()).as(poison.description()).isEqualTo(origin.partition());
        assertThat(letter.service()).as(poison.description()).isEqualTo("distill-service");
        assertThat(letter.reason()).as(poison.description()).contains(poison.reasonFragment());
      });
      DeadLetter garbage = dead.stream().filter(d -> d.originOffset() == sent.get(poisons.get(0)).offset())
          .findFirst().orElseThrow();
      assertThat(garbage.value()).isEqualTo(poisons.get(0).value());

      // the channel went on: the shard behind the poison records is stored, and everything up to it committed
      await(() -> given().get("/jobs/" + jobId).then().extract().statusCode() == 200
          && given().get("/jobs/" + jobId).then().extract().jsonPath().getList("receiving.storedShards").size() == 1);
      await(() -> kafka.committed(group, Topics.MISTAKES, validSent.partition()) > validSent.offset());
    }
    // the other stage's event is counted as rejected
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    double rejected = metrics.lines().filter(l -> l.startsWith("defuse_distill_records_rejected_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    assertThat(rejected).isGreaterThanOrEqualTo(1);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + WAIT);
      }
      Thread.sleep(250);
    }
  }
}
