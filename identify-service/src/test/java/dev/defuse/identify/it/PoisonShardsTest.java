package dev.defuse.identify.it;

import dev.defuse.common.events.EventJson;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.Topics;
import dev.defuse.common.messaging.DeadLetter;
import dev.defuse.testsupport.KafkaTestClient;
import dev.defuse.testsupport.PoisonRecords;
import dev.defuse.testsupport.PoisonRecords.Poison;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Poison records on {@code identify-shards}, on the real broker: each goes to {@code identify-shards-dlq} with the
 * reason and its origin (topic, partition, offset, service) in headers, and the workers go on to run the job whose
 * shard is published behind them on the same partition.
 */
@QuarkusTest
class PoisonShardsTest extends StackTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void poisonRecordsAreDeadLetteredAndTheShardBehindThemRuns() {
        String jobId = Fixtures.newJobId("poison");
        // the job's only shard: the one the service publishes below, with the same key (hence partition)
        IdentifyShard shard = IdentifyShard.of(jobId, 0, 1, 0, 4);
        String json = new EventJson().writeString(shard);
        List<Poison> poisons = List.of(
                PoisonRecords.garbage(),
                PoisonRecords.wrongSchemaVersion(json),
                PoisonRecords.withNumber(json, "shardCount", -1, "shardCount must be > 0"),
                PoisonRecords.without(json, "jobId"),
                new Poison("another stage's event", new EventSerializer().serialize(Topics.IDENTIFY_SHARDS,
                        ShardCompleted.of(jobId, 0, 1, 4, 0, 40, 0, null)),
                        "identify-shards-in consumes IdentifyShard, not ShardCompleted"));

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            Map<Poison, RecordMetadata> sent = PoisonRecords.publish(kafka, Topics.IDENTIFY_SHARDS,
                    shard.partitionKey(), poisons);
            given().contentType(ContentType.JSON).body(Fixtures.request(jobId, 0, 4, 10, 5, 4, false))
                    .when().post("/jobs").then().statusCode(202).body("shardsTotal", equalTo(1));

            List<DeadLetter> dead = kafka.consumeKey(StackResources.SHARDS_DLQ, shard.partitionKey(), poisons.size(),
                    WAIT).stream().map(DeadLetter::from).toList();
            assertThat(dead).hasSize(poisons.size());
            sent.forEach((poison, origin) -> {
                DeadLetter letter = dead.stream().filter(d -> d.originOffset() == origin.offset()).findFirst()
                        .orElseThrow(() -> new AssertionError("no dead letter for " + poison.description()));
                assertThat(letter.originTopic()).as(poison.description()).isEqualTo(Topics.IDENTIFY_SHARDS);
                assertThat(letter.originPartition()).as(poison.description()).isEqualTo(origin.partition());
                assertThat(letter.service()).as(poison.description()).isEqualTo("identify-service");
                assertThat(letter.reason()).as(poison.description()).contains(poison.reasonFragment());
            });
            DeadLetter garbage = dead.stream().filter(d -> d.originOffset() == sent.get(poisons.get(0)).offset())
                    .findFirst().orElseThrow();
            assertThat(garbage.value()).isEqualTo(poisons.get(0).value());
        }

        // the shard behind the poison records ran: the job completes
        MistakesReader.JobEvents events = MistakesReader.awaitCompletion(bootstrap, jobId, WAIT, Duration.ZERO);
        assertThat(events.completions()).hasSize(1);
        assertThat(events.completions().get(0).imagesProcessed()).isEqualTo(4);
    }
}
