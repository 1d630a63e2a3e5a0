package dev.defuse.identify.it;

import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.events.Topics;
import dev.defuse.identify.domain.ShardResult;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out and recovery through the consumer group: a second replica joins the group {@code identify-service} and
 * the two share a job's shards; a replica that dies in the middle of a shard leaves the same mistake set as an
 * uninterrupted run.
 */
@QuarkusTest
class ReplicasTest extends StackTest {

    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final int WORK_PARTITIONS = 4;

    @Test
    void twoReplicasInOneGroupShareAJobsShards() throws Exception {
        int shards = 8;
        try (TestReplica replica = new TestReplica(bootstrap, store, shard -> false)) {
            Set<Integer> theirs = partitions(replica.awaitAssignment(WAIT));
            assertThat(theirs).isNotEmpty().hasSizeLessThan(WORK_PARTITIONS);
            // a job id whose shards land on both replicas' partitions
            String jobId = IntStream.range(0, 1000).mapToObj(i -> "replicas-" + i)
                    .filter(id -> {
                        Set<Integer> used = IntStream.range(0, shards)
                                .mapToObj(s -> Partitions.of(id + "/" + s, WORK_PARTITIONS)).collect(Collectors.toSet());
                        return used.stream().anyMatch(theirs::contains) && !theirs.containsAll(used);
                    })
                    .findFirst().orElseThrow();
            given().contentType(ContentType.JSON).body(Fixtures.request(jobId, 100, 2 * shards, 30, 5, 2, false))
                    .when().post("/jobs").then().statusCode(202);

            MistakesReader.JobEvents events = MistakesReader.awaitCompletion(bootstrap, jobId, WAIT, Duration.ZERO);
            assertThat(replica.failure()).isNull();
            IdentifyCompleted done = events.completions().get(0);
            assertThat(done.shardCount()).isEqualTo(shards);
            assertThat(done.imagesProcessed()).isEqualTo(2 * shards);
            assertThat(events.distinctMistakes()).hasSize((int) done.mistakeCount());

            List<ShardResult> results = documents.shardResults(jobId);
            assertThat(results).hasSize(shards);
            Set<String> workers = results.stream().map(ShardResult::worker).collect(Collectors.toSet());
            assertThat(workers).as("both replicas processed shards").hasSize(2).contains(TestReplica.WORKER);
            assertThat(replica.processed()).extracting(IdentifyShard::jobId).contains(jobId);
        }
    }

    @Test
    void aReplicaKilledMidShardLeavesTheSameMistakeSetAsAnUninterruptedRun() throws Exception {
        // reference: the same job under another id, processed without interruption
        String referenceId = Fixtures.newJobId("reference");
        given().contentType(ContentType.JSON).body(Fixtures.request(referenceId, 200, 12, 40, 6, 4, false))
                .when().post("/jobs").then().statusCode(202);
        MistakesReader.JobEvents reference = MistakesReader.awaitCompletion(bootstrap, referenceId, WAIT,
                Duration.ZERO);

        String jobId;
        try (TestReplica replica = new TestReplica(bootstrap, store,
                shard -> shard.jobId().startsWith("restart-") && shard.shardIndex() == 0)) {
            Set<Integer> theirs = partitions(replica.awaitAssignment(WAIT));
            // shard 0 of the job lands on the replica that will die in the middle of it
            jobId = IntStream.range(0, 1000).mapToObj(i -> "restart-" + i)
                    .filter(id -> theirs.contains(Partitions.of(id + "/0", WORK_PARTITIONS)))
                    .findFirst().orElseThrow();
            given().contentType(ContentType.JSON).body(Fixtures.request(jobId, 200, 12, 40, 6, 4, false))
                    .when().post("/jobs").then().statusCode(202);
            assertThat(replica.awaitCrash(WAIT)).as("the replica died in the middle of shard 0").isTrue();
        }
        // the group rebalances, the service gets the dead replica's partitions and shard 0 again
        MistakesReader.JobEvents events = MistakesReader.awaitCompletion(bootstrap, jobId, WAIT,
                Duration.ofSeconds(2));

        assertThat(events.completions()).hasSize(1);
        assertThat(events.mistakes().size()).as("half of shard 0's mistakes were published twice")
                .isGreaterThan(events.distinctMistakes().size());
        // duplicates are the same fact: same id, same content
        events.mistakes().forEach(m -> assertThat(events.distinctMistakes().stream()
                .filter(d -> d.eventId().equals(m.eventId())).findFirst().orElseThrow())
                .usingRecursiveComparison().ignoringFields("occurredAt").isEqualTo(m));
        assertThat(mistakeSet(events)).isEqualTo(mistakeSet(reference)).isNotEmpty();
        IdentifyCompleted done = events.completions().get(0);
        IdentifyCompleted expected = reference.completions().get(0);
        assertThat(done.mistakeCount()).isEqualTo(expected.mistakeCount());
        assertThat(done.shards()).extracting(s -> s.mistakes() == null ? null : s.mistakes().sha256())
                .containsExactlyElementsOf(expected.shards().stream()
                        .map(s -> s.mistakes() == null ? null : s.mistakes().sha256()).toList());
        // shard 0 was republished from the dead replica's stored result, not recomputed
        assertThat(documents.shardResult(jobId, 0).orElseThrow().worker()).isEqualTo(TestReplica.WORKER);
    }

    /** The mistakes as downstream sees them, without job-specific ids: shard, row, image, labels, z, ‖ε‖. */
    private static Set<String> mistakeSet(MistakesReader.JobEvents events) {
        return events.distinctMistakes().stream()
                .map(m -> m.shardIndex() + "/" + m.row() + "/" + m.imageIndex() + "/" + m.originalLabel() + "/"
                        + m.predictedLabel() + "/" + java.util.Arrays.toString(m.z()) + "/" + m.epsNorm())
                .collect(Collectors.toSet());
    }

    private static Set<Integer> partitions(Set<TopicPartition> assignment) {
        return assignment.stream().filter(tp -> tp.topic().equals(Topics.IDENTIFY_SHARDS))
                .map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
