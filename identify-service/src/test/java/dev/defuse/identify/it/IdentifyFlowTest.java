package dev.defuse.identify.it;

import dev.defuse.common.events.EventIds;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.Topics;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.identify.domain.JobState;
import dev.defuse.testsupport.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The stage end to end on the real broker and S3 server: POST /jobs → identify-shards → workers → one tensor object
 * per shard and MistakeFound / ShardCompleted records on mistakes → one IdentifyCompleted; GET /jobs/{id} follows it.
 */
@QuarkusTest
class IdentifyFlowTest extends StackTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aTinyJobRunsThroughTheTopicsToOneCompletion() {
        String jobId = Fixtures.newJobId("flow");
        given().contentType(ContentType.JSON).body(Fixtures.request(jobId, 0, 10, 40, 5, 4, false))
                .when().post("/jobs")
                .then().statusCode(202)
                .header("Location", containsString("/jobs/" + jobId))
                .body("jobId", equalTo(jobId))
                .body("shardsTotal", equalTo(3))
                .body("imagesSelected", equalTo(10))
                .body("drawsPerImage", equalTo(40));

        MistakesReader.JobEvents events = MistakesReader.awaitCompletion(bootstrap, jobId, WAIT, Duration.ofSeconds(2));
        assertThat(events.completions()).hasSize(1);
        IdentifyCompleted done = events.completions().get(0);
        assertThat(done.eventId()).isEqualTo(EventIds.of(jobId, "identify-completed"));
        assertThat(done.shardCount()).isEqualTo(3);
        assertThat(done.imagesProcessed()).isEqualTo(10);
        assertThat(done.imagesSkipped()).isZero();
        assertThat(events.shardCompletions()).extracting(ShardCompleted::shardIndex).containsExactlyInAnyOrder(0, 1, 2);

        Collection<MistakeFound> mistakes = events.distinctMistakes();
        assertThat(mistakes).hasSize((int) done.mistakeCount()).isNotEmpty();
        Map<Integer, Long> perImage = mistakes.stream()
                .collect(Collectors.groupingBy(MistakeFound::imageIndex, Collectors.counting()));
        assertThat(perImage.keySet()).allMatch(i -> i >= 0 && i < 10);
        assertThat(perImage.values()).allMatch(n -> n <= 5);
        assertThat(mistakes).allMatch(m -> m.predictedLabel() != m.originalLabel() && m.z().length == 10);

        // one tensor object per shard, one row per mistake, named by the records
        for (IdentifyCompleted.ShardSummary shard : done.shards()) {
            List<MistakeFound> rows = mistakes.stream().filter(m -> m.shardIndex() == shard.shardIndex())
                    .sorted((a, b) -> Integer.compare(a.row(), b.row())).toList();
            assertThat(rows).hasSize(shard.mistakeCount());
            if (shard.mistakeCount() == 0) {
                assertThat(shard.mistakes()).isNull();
                continue;
            }
            assertThat(shard.mistakes().key()).isEqualTo(ObjectKeys.identifyShard(jobId, shard.shardIndex()));
            FloatTensor tensor = store.getTensor(shard.mistakes());
            assertThat(tensor.shape()).containsExactly(shard.mistakeCount(), 1, 28, 28);
            for (int row = 0; row < rows.size(); row++) {
                assertThat(rows.get(row).row()).isEqualTo(row);
                assertThat(rows.get(row).tensorKey()).isEqualTo(shard.mistakes().key());
                assertThat(rows.get(row).eventId()).isEqualTo(EventIds.of(jobId, "mistake", shard.shardIndex(), row));
            }
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/jobs/" + jobId).then().statusCode(200)
                        .body("state", equalTo(JobState.COMPLETED.name()))
                        .body("shardsDone", equalTo(3))
                        .body("imagesProcessed", equalTo(10))
                        .body("mistakesKept", equalTo((int) done.mistakeCount()))
                        .body("samplesEvaluated", equalTo(400))
                        .body("etaSeconds", equalTo(0.0f)));
        given().when().get("/jobs").then().statusCode(200).body("jobId", org.hamcrest.Matchers.hasItem(jobId));

        JobSpec spec = documents.spec(jobId).orElseThrow();
        assertThat(spec.classifierModelKey()).isEqualTo("models/test-mnist-classifier/params.bin");
        assertThat(spec.identify().shardSize()).isEqualTo(4);
    }

    @Test
    void resubmittingTheSameJobIsIdempotentAndAnotherSpecUnderItsIdConflicts() {
        String jobId = Fixtures.newJobId("again");
        String body = Fixtures.request(jobId, 20, 4, 10, 5, 4, false);
        given().contentType(ContentType.JSON).body(body).when().post("/jobs").then().statusCode(202);
        given().contentType(ContentType.JSON).body(body).when().post("/jobs").then().statusCode(200)
                .body("jobId", equalTo(jobId));
        given().contentType(ContentType.JSON).body(Fixtures.request(jobId, 20, 4, 11, 5, 4, false))
                .when().post("/jobs").then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString("different spec"));
        MistakesReader.JobEvents events = MistakesReader.awaitCompletion(bootstrap, jobId, WAIT, Duration.ZERO);
        assertThat(events.completions()).hasSize(1);
    }

    @Test
    void skippedImagesAreReported() {
        String jobId = Fixtures.newJobId("skip");
        given().contentType(ContentType.JSON).body(Fixtures.request(jobId, 40, 8, 10, 5, 4, true))
                .when().post("/jobs").then().statusCode(202);
        IdentifyCompleted done = MistakesReader.awaitCompletion(bootstrap, jobId, WAIT, Duration.ZERO)
                .completions().get(0);
        assertThat(done.imagesProcessed() + done.imagesSkipped()).isEqualTo(8);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/jobs/" + jobId).then().statusCode(200)
                        .body("state", equalTo("COMPLETED"))
                        .body("imagesSkipped", equalTo((int) done.imagesSkipped()))
                        .body("samplesEvaluated", equalTo((int) done.imagesProcessed() * 10)));
    }

    @Test
    @Tag("bad-input")
    void invalidJobsAreRefusedWithAProblemSayingWhy() {
        String valid = Fixtures.request("bad-job", 0, 4, 10, 5, 4, false);
        Map<String, String> cases = new HashMap<>();
        cases.put(valid.replace("\"test-mnist-classifier\"", "\"no-such-model\""), "classifierModel");
        cases.put(valid.replace("\"test-mnist-classifier\"", "\"test-mnist-vae\""), "not a classifier");
        cases.put(valid.replace("\"count\": 4", "\"count\": 100000"), "selection");
        cases.put(valid.replace("\"drawsPerImage\": 10", "\"drawsPerImage\": 0"), "drawsPerImage");
        cases.put(valid.replace("datasets/mnist/", "datasets/nothing-here/"), "dataset");
        cases.put(valid.replace("\"channels\": 1", "\"channels\": 3"), "3x28x28");
        cases.put(valid.replace("\"jobId\": \"bad-job\"", "\"jobId\": \"no spaces allowed\""), "jobId");
        cases.put("{\"jobId\": ", "not valid JSON");
        cases.put("", "empty");
        cases.forEach((body, reason) -> given().contentType(ContentType.JSON).body(body)
                .when().post("/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid job"))
                .body("detail", containsString(reason)));
        assertThat(documents.spec("bad-job")).isEmpty();
        given().when().get("/jobs/never-submitted").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("never-submitted"));
    }

    @Test
    void unreadableRecordsAndFailedShardsGoToTheDeadLetterTopic() {
        // a shard of a job whose VAE is gone: a permanent failure, recorded and dead-lettered, not retried forever
        String jobId = Fixtures.newJobId("doomed");
        JobSpec spec = JobSpec.withDefaults(jobId, dev.defuse.common.data.DatasetRef.mnist(Fixtures.DATASET_PREFIX),
                "models/test-mnist-classifier/params.bin", "models/deleted-vae/params.bin",
                dev.defuse.common.data.MnistDataset.CLASSES);
        documents.writeSpec(spec.withIdentify(spec.identify().withShardSize(5)
                .withSelection(dev.defuse.common.job.ImageSelection.range(0, 5))));
        documents.writePlan(new dev.defuse.identify.domain.JobPlan(jobId, 5, 1, 5, 500,
                java.time.Instant.now(), java.time.Instant.now()));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            IdentifyShard shard = IdentifyShard.of(jobId, 0, 1, 0, 5);
            kafka.send(Topics.IDENTIFY_SHARDS, shard.partitionKey(), shard, new EventSerializer());
            kafka.send(Topics.IDENTIFY_SHARDS, "garbage-" + jobId, "this is not an event");

            // the dead-letter topic is shared with other tests: read this test's records by key
            assertThat(kafka.consumeKey(StackResources.SHARDS_DLQ, shard.partitionKey(), 1, WAIT)).hasSize(1);
            assertThat(kafka.consumeKey(StackResources.SHARDS_DLQ, "garbage-" + jobId, 1, WAIT))
                    .extracting(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .containsExactly("this is not an event");
        }
        Response status = given().when().get("/jobs/" + jobId);
        status.then().statusCode(200).body("state", equalTo("FAILED"))
                .body("failures[0].shardIndex", equalTo(0))
                .body("failures[0].error", startsWith("ModelNotFoundException"))
                .body("failures[0].attempts", equalTo(1));
    }

}
