package dev.defuse.correction.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.EventJson;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.events.Topics;
import dev.defuse.common.messaging.DeadLetter;
import dev.defuse.correction.TestJobs;
import dev.defuse.correction.store.CorrectionStore;
import dev.defuse.testsupport.KafkaTestClient;
import dev.defuse.testsupport.PoisonRecords;
import dev.defuse.testsupport.PoisonRecords.Poison;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Poison records on both incoming topics of the stage, on the real broker: each goes to the topic's dead-letter
 * topic with the reason and its origin (topic, partition, offset, service) in headers, and the channel goes on to
 * process and commit the valid record behind them on the same partition.
 */
@QuarkusTest
class PoisonRecordsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    CorrectionStore correction;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.labels-in.group.id")
    String labelsGroup;

    @ConfigProperty(name = "mp.messaging.incoming.sweep-in.group.id")
    String sweepGroup;

    @Test
    void poisonLabelsAreDeadLetteredAndTheDecisionBehindThemIsStored() throws Exception {
        String jobId = TestJobs.newJobId("poison-labels");
        RegionLabeled valid = RegionLabeled.of(jobId, 0, 1, true, 7, List.of(new RegionLabeled.LabeledItem(0, 1,
                List.of(new RegionLabeled.Vote("a1", "v1", 7)), 7, 1.0)), 1.0);
        String json = new EventJson().writeString(valid);
        List<Poison> poisons = List.of(
                PoisonRecords.garbage(),
                PoisonRecords.wrongSchemaVersion(json),
                PoisonRecords.withNumber(json, "regionCount", -1, "regionCount must be > 0"),
                PoisonRecords.without(json, "jobId"),
                new Poison("another stage's event", new EventSerializer().serialize(Topics.LABELS,
                        SweepPoint.of(jobId, SweepVariant.DEFUSE, 1.0, 0, 1)),
                        "labels-in consumes RegionLabeled or LabelingCompleted, not SweepPoint"));

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            Map<Poison, RecordMetadata> sent = PoisonRecords.publish(kafka, Topics.LABELS, jobId, poisons);
            RecordMetadata validSent = kafka.send(Topics.LABELS, jobId, new EventJson().write(valid),
                    new ByteArraySerializer());
            // one more as the partition's last record: its offset is committed too, so a restart does not read it
            Poison trailing = PoisonRecords.garbage();
            sent.put(trailing, kafka.send(Topics.LABELS, jobId, trailing.value(), new ByteArraySerializer()));

            assertDeadLettered(kafka, Topics.LABELS, jobId, sent);
            await(() -> correction.regionLabels(jobId).size() == 1);
            assertThat(correction.regionLabels(jobId).get(0).eventId()).isEqualTo(valid.eventId());
            // everything is committed: the dead letters were acknowledged once written
            await(() -> kafka.committed(labelsGroup, Topics.LABELS, validSent.partition())
                    > sent.get(trailing).offset());
        }
    }

    @Test
    void poisonSweepPointsAreDeadLetteredAndTheChannelGoesOn() throws Exception {
        String jobId = TestJobs.newJobId("poison-sweep");
        // a job without a plan: the worker acknowledges its point without training (nothing to train for)
        SweepPoint valid = SweepPoint.of(jobId, SweepVariant.DEFUSE, 1.0, 0, 1);
        String json = new EventJson().writeString(valid);
        List<Poison> poisons = List.of(
                PoisonRecords.garbage(),
                PoisonRecords.wrongSchemaVersion(json),
                PoisonRecords.withNumber(json, "count", 0, "count must be > 0"),
                PoisonRecords.without(json, "jobId"),
                new Poison("another stage's event", new EventSerializer().serialize(Topics.CORRECTION_SWEEP,
                        LabelingCompleted.of(jobId, 1, 1, 1, 1.0)),
                        "sweep-in consumes SweepPoint, not LabelingCompleted"));

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            Map<Poison, RecordMetadata> sent = PoisonRecords.publish(kafka, Topics.CORRECTION_SWEEP,
                    valid.partitionKey(), poisons);
            RecordMetadata validSent = kafka.send(Topics.CORRECTION_SWEEP, valid.partitionKey(),
                    new EventJson().write(valid), new ByteArraySerializer());

            assertDeadLettered(kafka, Topics.CORRECTION_SWEEP, valid.partitionKey(), sent);
            await(() -> kafka.committed(sweepGroup, Topics.CORRECTION_SWEEP, validSent.partition())
                    > validSent.offset());
        }
    }

    private static void assertDeadLettered(KafkaTestClient kafka, String topic, String key,
                                           Map<Poison, RecordMetadata> sent) {
        List<DeadLetter> dead = kafka.consumeKey(Topics.dlq(topic), key, sent.size(), WAIT).stream()
                .map(DeadLetter::from).toList();
        assertThat(dead).hasSize(sent.size());
        sent.forEach((poison, origin) -> {
            DeadLetter letter = dead.stream().filter(d -> d.originOffset() == origin.offset()).findFirst()
                    .orElseThrow(() -> new AssertionError("no dead letter for " + poison.description()));
            assertThat(letter.originTopic()).as(poison.description()).isEqualTo(topic);
            assertThat(letter.originPartition()).as(poison.description()).isEqualTo(origin.partition());
            assertThat(letter.service()).as(poison.description()).isEqualTo("correction-service");
            assertThat(letter.reason()).as(poison.description()).contains(poison.reasonFragment());
        });
        DeadLetter garbage = dead.stream().filter(d -> d.originOffset() == sent.values().iterator().next().offset())
                .findFirst().orElseThrow();
        assertThat(garbage.value()).isEqualTo(PoisonRecords.garbage().value());
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
