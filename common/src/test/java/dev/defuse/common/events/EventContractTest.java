package dev.defuse.common.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractTest {

    private static final String SHA = "f".repeat(64);
    private static final TensorRef REF = new TensorRef("tensors/j/distill/r.dft", SHA);

    @Test
    void eventIdsAreDeterministicNameBasedUuids() {
        UUID id = EventIds.of("job-1", "mistake", 3, 17);
        assertThat(id).isEqualTo(EventIds.of("job-1", "mistake", 3, 17));
        assertThat(id.version()).isEqualTo(3);
        assertThat(id).isNotEqualTo(EventIds.of("job-1", "mistake", 31, 7))
                .isNotEqualTo(EventIds.of("job-2", "mistake", 3, 17));
        assertThat(MistakeFound.of("job-1", 3, 5, 1, 2, new float[]{1f}, 0.5, "k", 17).eventId()).isEqualTo(id);
        assertThat(IdentifyShard.of("job-1", 0, 2, 0, 10).eventId())
                .isEqualTo(IdentifyShard.of("job-1", 0, 2, 0, 10).eventId())
                .isNotEqualTo(IdentifyShard.of("job-1", 1, 2, 10, 20).eventId());
    }

    @Test
    void eventIdPartsMayNotContainTheSeparator() {
        assertThatThrownBy(() -> EventIds.of("job-1", "a:b")).hasMessageContaining("must not contain ':'");
    }

    @Test
    void jobIdsMustBeSafeForObjectKeysAndKafkaKeys() {
        assertThatThrownBy(() -> IdentifyShard.of("../etc", 0, 1, 0, 1)).hasMessageContaining("'../etc'");
        assertThatThrownBy(() -> IdentifyShard.of("a/b", 0, 1, 0, 1)).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> IdentifyShard.of("", 0, 1, 0, 1)).hasMessageContaining("jobId");
        assertThatThrownBy(() -> IdentifyShard.of(null, 0, 1, 0, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void topicsAndPartitionKeys() {
        assertThat(Topics.dlq(Topics.MISTAKES)).isEqualTo("mistakes-dlq");
        for (DefuseEvent event : SampleEvents.all()) {
            assertThat(Topics.ALL).contains(event.topic());
        }
        assertThat(IdentifyShard.of("j", 3, 4, 0, 5).partitionKey()).isEqualTo("j/3");
        assertThat(SweepPoint.of("j", SweepVariant.DEFUSE, 1.0, 2, 5).partitionKey()).isEqualTo("j/DEFUSE/2");
        assertThat(LabelingCompleted.of("j", 1, 0, 5, 1.0).partitionKey()).isEqualTo("j");
        assertThat(IdentifyShard.of("j", 0, 1, 0, 1).topic()).isEqualTo("identify-shards");
        assertThat(SweepPoint.of("j", SweepVariant.DEFUSE, 1.0, 0, 1).topic()).isEqualTo("correction-sweep");
    }

    @Test
    void identifyShardValidatesItsRange() {
        assertThatThrownBy(() -> IdentifyShard.of("j", 4, 4, 0, 5)).hasMessageContaining("shardIndex must be in [0, 4)");
        assertThatThrownBy(() -> IdentifyShard.of("j", 0, 4, 5, 5)).hasMessageContaining("end must be > start");
        assertThatThrownBy(() -> IdentifyShard.of("j", 0, 4, -1, 5)).hasMessageContaining("start must be >= 0");
        assertThat(IdentifyShard.of("j", 0, 4, 5, 9).size()).isEqualTo(4);
    }

    @Test
    void mistakeFoundValidatesAndCopiesItsLatentCode() {
        float[] z = {1f, 2f};
        MistakeFound m = MistakeFound.of("j", 0, 1, 2, 3, z, 0.1, "k", 0);
        z[0] = 99f;
        assertThat(m.z()).containsExactly(1f, 2f);
        m.z()[1] = 99f;
        assertThat(m.z()).containsExactly(1f, 2f);
        assertThat(m.latentDim()).isEqualTo(2);
        assertThatThrownBy(() -> MistakeFound.of("j", 0, 1, 2, 3, new float[]{Float.NaN}, 0.1, "k", 0))
                .hasMessageContaining("z[0] must be finite");
        assertThatThrownBy(() -> MistakeFound.of("j", 0, 1, 2, 3, new float[0], 0.1, "k", 0))
                .hasMessageContaining("z must not be empty");
        assertThatThrownBy(() -> MistakeFound.of("j", 0, 1, 2, 3, z, -0.1, "k", 0))
                .hasMessageContaining("epsNorm");
        assertThatThrownBy(() -> MistakeFound.of("j", 0, -1, 2, 3, z, 0.1, "k", 0))
                .hasMessageContaining("imageIndex");
        assertThatThrownBy(() -> MistakeFound.of("j", 0, 1, 2, 3, z, 0.1, " ", 0))
                .hasMessageContaining("tensorKey");
    }

    @Test
    void completionEventsCheckTheirCounts() {
        assertThatThrownBy(() -> ShardCompleted.of("j", 0, 1, 10, 0, 5000, 3, null))
                .hasMessageContaining("mistakes (tensor ref) is required");
        List<IdentifyCompleted.ShardSummary> shards = List.of(
                new IdentifyCompleted.ShardSummary(0, 2, REF), new IdentifyCompleted.ShardSummary(1, 3, REF));
        IdentifyCompleted done = IdentifyCompleted.of("j", 20, 0, shards);
        assertThat(done.mistakeCount()).isEqualTo(5);
        assertThat(done.shardCount()).isEqualTo(2);
        assertThatThrownBy(() -> new IdentifyCompleted(UUID.randomUUID(), "j", Instant.now(), 2, 20, 0, 4, shards))
                .hasMessageContaining("differs from the sum over shards 5");
        assertThatThrownBy(() -> IdentifyCompleted.of("j", 20, 0, List.of(shards.get(1), shards.get(0))))
                .hasMessageContaining("ordered by shardIndex");
        assertThatThrownBy(() -> DistillCompleted.of("j", 2, 10, 11, 5, true, 1.0))
                .hasMessageContaining("codesFitted 11 exceeds mistakesReceived 10");
        assertThatThrownBy(() -> DistillCompleted.of("j", 2, 10, 10, 5, true, null))
                .hasMessageContaining("lowerBound is required");
        assertThatThrownBy(() -> LabelingCompleted.of("j", 2, 3, 10, 0.5))
                .hasMessageContaining("exceeds regionCount");
    }

    @Test
    void regionFoundValidatesShapesAndCopiesArrays() {
        double[][] cov = {{1, 0}, {0, 1}};
        RegionFound r = RegionFound.of("j", 0, 1, 0.5, new double[]{1, 2}, cov, REF, REF, REF, new int[]{1, 2});
        cov[0][0] = 7;
        assertThat(r.covariance()[0][0]).isEqualTo(1.0);
        r.covariance()[0][0] = 7;
        assertThat(r.covariance()[0][0]).isEqualTo(1.0);
        assertThat(r.latentDim()).isEqualTo(2);
        assertThat(r.reviewCount()).isEqualTo(2);
        assertThatThrownBy(() -> RegionFound.of("j", 0, 1, 0.5, new double[]{1, 2}, new double[][]{{1, 0}},
                REF, REF, REF, new int[]{1})).hasMessageContaining("covariance must be 2x2");
        assertThatThrownBy(() -> RegionFound.of("j", 0, 1, 0.5, new double[]{1, 2}, new double[][]{{1, 0}, {0}},
                REF, REF, REF, new int[]{1})).hasMessageContaining("covariance row 1 has 1 columns");
        assertThatThrownBy(() -> RegionFound.of("j", 1, 1, 0.5, new double[]{1}, new double[][]{{1}},
                REF, REF, REF, new int[]{1})).hasMessageContaining("regionId must be in [0, 1)");
        assertThatThrownBy(() -> RegionFound.of("j", 0, 1, 1.5, new double[]{1}, new double[][]{{1}},
                REF, REF, REF, new int[]{1})).hasMessageContaining("weight must be in [0.0, 1.0]");
    }

    @Test
    void regionLabeledRules() {
        RegionLabeled.LabeledItem item = new RegionLabeled.LabeledItem(0, 3,
                List.of(new RegionLabeled.Vote("a", "v", 8), RegionLabeled.Vote.noneOfTheAbove("b", "v")), 8, 0.5);
        assertThat(item.disagreesWithClassifier()).isTrue();
        assertThat(item.votes().get(1).isNoneOfTheAbove()).isTrue();
        RegionLabeled labeled = RegionLabeled.of("j", 0, 1, true, 8, List.of(item), 0.5);
        assertThat(labeled.voteCount()).isEqualTo(2);
        assertThatThrownBy(() -> RegionLabeled.of("j", 0, 1, true, null, List.of(item), 0.5))
                .hasMessageContaining("a misclassification region needs a label");
        assertThatThrownBy(() -> new RegionLabeled.LabeledItem(0, 3, List.of(), null, 0.0))
                .hasMessageContaining("votes of item 0 must not be empty");
        assertThatThrownBy(() -> new RegionLabeled.Vote("a", "", 1)).hasMessageContaining("vendorId");
    }

    @Test
    void modelRegisteredSortsAndChecksMetrics() {
        ModelRegistered.Lineage lineage = new ModelRegistered.Lineage("datasets/mnist/", SHA, 3, 1L);
        ModelRegistered m = ModelRegistered.of("j", "m1", "models/m1/params.bin", "models/m1/manifest.json",
                "models/base/params.bin", SweepVariant.DEFUSE, 1.0, Map.of("z", 1.0, "a", 0.5), lineage);
        assertThat(m.metrics().keySet()).containsExactly("a", "z");
        assertThatThrownBy(() -> ModelRegistered.of("j", "m1", "k", "k", "k", SweepVariant.DEFUSE, 1.0,
                Map.of("a", Double.NaN), lineage)).hasMessageContaining("metric a must be a finite number");
        assertThatThrownBy(() -> new ModelRegistered.Lineage("d", "abc", 3, 1L))
                .hasMessageContaining("datasetFingerprint must be 64 lower-case hex digits");
        assertThatThrownBy(() -> SweepPoint.of("j", SweepVariant.DEFUSE, -1.0, 0, 1))
                .hasMessageContaining("lambda must be >= 0");
    }
}
