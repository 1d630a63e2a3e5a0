package dev.defuse.correction.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.defuse.common.events.BaselineData;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventIds;
import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;
import dev.defuse.common.events.Topics;
import dev.defuse.common.job.CorrectionParams;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.correction.TestJobs;
import dev.defuse.correction.domain.CorrectionSummary;
import dev.defuse.correction.domain.RegionDecision;
import dev.defuse.correction.domain.SweepPlan;
import dev.defuse.correction.domain.TradeoffPoint;
import dev.defuse.correction.store.CorrectionKeys;
import dev.defuse.correction.store.CorrectionStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The whole stage on the real broker and S3 server: a job's labels arrive on {@code labels}, its sweep points go
 * through {@code correction-sweep}, and one corrected model is registered, whose region accuracy measurably rose.
 */
@QuarkusTest
class CorrectionFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(150);

    @Inject
    ObjectStore store;

    @Inject
    CorrectionStore correction;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void fineTuningOnTheRegionSamplesRaisesRegionAccuracyAndRegistersOneModel() throws Exception {
        String jobId = TestJobs.newJobId("flow");
        CorrectionParams params = new CorrectionParams(List.of(0.5, 5.0), 2, 32, 1e-3,
                CorrectionParams.DEFAULT_SCHEDULE, 0.1, 0);
        List<DefuseEvent> labels = TestJobs.prepare(store, jobId, params);
        // the completion twice: a redelivery must not publish the sweep again
        TestJobs.publish(bootstrap, labels);
        TestJobs.publish(bootstrap, List.of(labels.get(labels.size() - 1)));

        List<ConsumerRecord<String, DefuseEvent>> registered = TestJobs.read(bootstrap, Topics.FINETUNED_MODELS,
                jobId, 1, WAIT, Duration.ofSeconds(3));
        assertThat(registered).hasSize(1);
        ModelRegistered event = (ModelRegistered) registered.get(0).value();
        assertThat(registered.get(0).key()).isEqualTo(jobId);
        assertThat(event.eventId()).isEqualTo(EventIds.of(jobId, "model", event.modelId()));
        assertThat(event.variant()).isEqualTo(SweepVariant.DEFUSE);
        assertThat(event.baseModelKey()).isEqualTo("models/" + TestJobs.base().modelId() + "/params.bin");

        // the failure mode is learnt: region accuracy rises far above the base model's
        Map<String, Double> m = event.metrics();
        assertThat(m.get("base_region_accuracy")).isLessThan(0.5);
        assertThat(m.get("region_accuracy")).isGreaterThan(m.get("base_region_accuracy") + 0.3);
        assertThat(m.get("region_0_accuracy")).isGreaterThan(m.get("base_region_0_accuracy"));
        assertThat(m.get("region_1_accuracy")).isGreaterThan(m.get("base_region_1_accuracy"));
        assertThat(m).containsKeys("test_accuracy", "validation_accuracy", "base_test_accuracy",
                "baseline_region_accuracy", "baseline_test_accuracy", "baseline_lambda");
        assertThat(m.get("test_accuracy")).isGreaterThan(0.5);
        assertThat(m.get("lambda")).isIn(0.5, 5.0).isEqualTo(event.lambda());

        // one sweep point per (variant, λ), each exactly once on the work topic, keyed jobId/variant/index
        List<ConsumerRecord<String, DefuseEvent>> points = TestJobs.read(bootstrap, Topics.CORRECTION_SWEEP,
                jobId + "/", 4, WAIT, Duration.ofSeconds(1));
        assertThat(points).hasSize(4).allSatisfy(r ->
                assertThat(r.key()).isEqualTo(((SweepPoint) r.value()).partitionKey()));

        // the registry holds the model with its lineage; its manifest names the base model, λ and all metrics
        ModelManifest manifest = ModelRepository.objectStore(store).manifest(event.modelId());
        assertThat(manifest.lineage()).containsEntry("job", jobId)
                .containsEntry("base_model", TestJobs.base().modelId())
                .containsEntry("lambda", Double.toString(event.lambda()))
                .containsKeys("dataset_fingerprint", "baseline", "validation_split");
        assertThat(manifest.lineage().get("validation_split")).contains("base-model");
        assertThat(manifest.metrics()).isEqualTo(m);
        assertThat(ModelRepository.objectStore(store).load(event.modelId()).parameters()).isNotEmpty();

        // the summary and the trade-off curve: every point, the chosen one of each variant flagged
        CorrectionSummary summary = correction.summary(jobId).orElseThrow();
        assertThat(summary.tradeoff()).hasSize(4);
        assertThat(summary.tradeoff()).filteredOn(TradeoffPoint::chosen).hasSize(2);
        assertThat(summary.baseline()).isNotNull();
        assertThat(store.exists(CorrectionKeys.tradeoffCsv(jobId))).isTrue();
        // the baseline (raw mistakes, the default) fine-tuned on every identified mistake, 40 of them in each
        // misclassification region by distill's membership
        SweepPlan plan = correction.plan(jobId).orElseThrow();
        assertThat(plan.baselineKind()).isEqualTo(BaselineData.RAW_MISTAKES);
        assertThat(plan.baselineData().count()).isEqualTo(3 * TestJobs.MISTAKES);
        assertThat(plan.regions()).extracting(RegionDecision::baselineMistakes)
                .containsExactly(TestJobs.MISTAKES, TestJobs.MISTAKES, 0);
        assertThat(manifest.lineage()).containsEntry("baseline_data", "raw-mistakes");

        // the REST API shows the same
        given().get("/models/" + event.modelId()).then().statusCode(200)
                .body("model.modelId", equalTo(event.modelId()))
                .body("model.job", equalTo(jobId))
                .body("manifest.lineage.job", equalTo(jobId));
        given().queryParam("job", jobId).get("/models").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].modelId", equalTo(event.modelId()));
        given().get("/jobs/" + jobId).then().statusCode(200)
                .body("state", equalTo("REGISTERED"))
                .body("sweep.total", equalTo(4)).body("sweep.done", equalTo(4)).body("sweep.failed", equalTo(0))
                .body("model.modelId", equalTo(event.modelId()))
                .body("labels.misclassificationRegions", equalTo(2));
        given().get("/models/no-such-model").then().statusCode(404);
        given().get("/jobs/no-such-job").then().statusCode(404);
        given().get("/models/bad%20id").then().statusCode(400);
    }
}
