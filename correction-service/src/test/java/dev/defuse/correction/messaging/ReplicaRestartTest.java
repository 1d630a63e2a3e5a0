package dev.defuse.correction.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventDeserializer;
import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.events.Topics;
import dev.defuse.common.job.CorrectionParams;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.correction.TestJobs;
import dev.defuse.correction.domain.SweepWorker;
import dev.defuse.correction.store.CorrectionStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A second replica shares a sweep with the service: it is a member of the sweep's consumer group before the job's
 * points are published, trains the first point it gets, and dies without committing anything while holding its next
 * record. Its partitions go back to the service, which gets the abandoned records again (the finished one is skipped,
 * the others trained), and the job still ends with exactly one registered model.
 *
 * <p>The replica joins before the sweep starts (not after the service's first point) so that the outcome does not
 * depend on the machine's speed: a sweep of this size trains in seconds, less than a rebalance can take on a loaded
 * machine, and a replica joining mid-sweep could find nothing left to take.
 */
@QuarkusTest
class ReplicaRestartTest {

    private static final Logger LOG = Logger.getLogger(ReplicaRestartTest.class);
    private static final Duration WAIT = Duration.ofSeconds(180);

    @Inject
    ObjectStore store;

    @Inject
    CorrectionStore correction;

    /** The service's own point processing: what the other replica runs too. */
    @Inject
    SweepWorker worker;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.sweep-in.group.id")
    String sweepGroup;

    @Test
    void aReplicaDyingMidSweepStillLeavesExactlyOneModel() throws Exception {
        CorrectionParams params = new CorrectionParams(List.of(0.25, 1.0, 4.0, 16.0), 2, 32, 1e-3,
                CorrectionParams.DEFAULT_SCHEDULE, 0.1, 0);
        String jobId = spreadJobId(params.lambdas().size());
        int total = 2 * params.lambdas().size();

        List<String> taken = new ArrayList<>();
        try (KafkaConsumer<String, DefuseEvent> replica = replicaConsumer()) {
            replica.subscribe(List.of(Topics.CORRECTION_SWEEP));
            awaitAssignment(replica);
            TestJobs.publish(bootstrap, TestJobs.prepare(store, jobId, params));

            // every partition holds at least two of the job's points, so the replica's own partitions give it one
            // point to train and a next one to die holding
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean trained = false;
            boolean holding = false;
            while (!holding && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, DefuseEvent> record : replica.poll(Duration.ofMillis(200))) {
                    if (!(record.value() instanceof SweepPoint point) || !point.jobId().equals(jobId)) {
                        continue; // another job's record: left uncommitted, the service gets it back
                    }
                    taken.add(point.partitionKey());
                    if (!trained) {
                        worker.process(point);
                        trained = true;
                    } else {
                        holding = true;
                        break;
                    }
                }
            }
            LOG.infof("the second replica took %s of job %s and dies now without committing", taken, jobId);
        } // close() without a commit: the group rebalances and the records are delivered again

        assertThat(taken).as("the second replica trained a point and held the next one").hasSize(2);
        List<ConsumerRecord<String, DefuseEvent>> models = TestJobs.read(bootstrap, Topics.FINETUNED_MODELS, jobId, 1,
                WAIT, Duration.ofSeconds(5));
        assertThat(models).hasSize(1);
        ModelRegistered event = (ModelRegistered) models.get(0).value();
        assertThat(correction.registered(jobId)).get().extracting(ModelRegistered::eventId)
                .isEqualTo(event.eventId());
        assertThat(correction.pointResultKeys(jobId)).hasSize(total);
        given().get("/jobs/" + jobId).then().statusCode(200)
                .body("state", equalTo("REGISTERED"))
                .body("sweep.done", equalTo(total)).body("sweep.failed", equalTo(0))
                .body("model.modelId", equalTo(event.modelId()));
        given().queryParam("job", jobId).get("/models").then().statusCode(200).body("size()", equalTo(1));
    }

    /** Polls until the group has given the replica its partitions (the service holds the others). */
    private static void awaitAssignment(KafkaConsumer<String, DefuseEvent> replica) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (replica.assignment().isEmpty() && System.nanoTime() < deadline) {
            replica.poll(Duration.ofMillis(200)); // records of earlier jobs stay uncommitted: the service gets them back
        }
        assertThat(replica.assignment()).as("the second replica joined the sweep's consumer group").isNotEmpty();
    }

    /**
     * A job id whose sweep points land at least twice on every partition of the work topic (the producer's
     * partitioner: murmur2 of the key), so whichever partitions the second replica gets hold work of the job.
     */
    private String spreadJobId(int lambdas) {
        int partitions;
        try (KafkaConsumer<String, DefuseEvent> probe = replicaConsumer()) {
            partitions = probe.partitionsFor(Topics.CORRECTION_SWEEP).size();
        }
        while (true) {
            String jobId = TestJobs.newJobId("restart");
            int[] perPartition = new int[partitions];
            for (SweepVariant variant : SweepVariant.values()) {
                for (int i = 0; i < lambdas; i++) {
                    byte[] key = SweepPoint.of(jobId, variant, 1.0, i, lambdas).partitionKey()
                            .getBytes(StandardCharsets.UTF_8);
                    perPartition[Utils.toPositive(Utils.murmur2(key)) % partitions]++;
                }
            }
            if (Arrays.stream(perPartition).allMatch(n -> n >= 2)) {
                return jobId;
            }
        }
    }

    /** A member of the service's sweep consumer group that commits nothing (it will "crash"). */
    private KafkaConsumer<String, DefuseEvent> replicaConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, sweepGroup);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
    }
}
