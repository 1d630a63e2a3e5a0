package dev.defuse.correction.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defuse.common.data.ImageShape;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.events.BaselineData;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.StoredObject;
import dev.defuse.correction.TestJobs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The baseline's data, read back from the real S3 server as distill and identify leave it: two received shards, a
 * fitted mixture of three components of which two are misclassification regions (0 labelled 3, 1 labelled 7).
 *
 * <pre>
 * shard 0: code (5, 0) → region 0, source 3;  (0, 5) → region 1, source 7;  (−5, −5) → no region, source 5
 * shard 1: code (5.2, 0.1) → region 0, source 8 (a morphed digit);  (−5, −4.8) → no region, source 2
 * </pre>
 *
 * Pixel values encode shard and row (every pixel of shard s, row r is (10 s + r) / 100), so the test can tell which
 * mistake ended up where.
 */
@QuarkusTest
class IdentifiedMistakesReaderTest {

    private static final ImageShape SHAPE = new ImageShape(1, 2, 2);

    @Inject
    ObjectStore store;

    @Test
    void rawMistakesAreEveryMistakeWithItsSourceLabel() {
        String jobId = prepare(true, true);
        IdentifiedMistakesReader.Result result = reader().read(jobId, BaselineData.RAW_MISTAKES, regions(jobId),
                SHAPE, MnistDataset.CLASSES, 0, 1);

        // shard by shard, then region (−1 first), then label
        assertThat(result.images().images().labels()).containsExactly(5, 3, 7, 2, 8);
        assertThat(result.images().regions()).containsExactly(-1, 0, 1, -1, 0);
        assertThat(firstPixels(result)).containsExactly(0.02f, 0.00f, 0.01f, 0.11f, 0.10f);
        assertThat(result.perRegion()).isEqualTo(Map.of(0, 2, 1, 1));
        assertThat(result.note()).startsWith("raw-mistakes: 5 identified mistakes").contains("{0=2, 1=1}");
    }

    @Test
    void regionMistakesAreTheMistakesOfTheMisclassificationRegionsWithTheRegionsLabels() {
        String jobId = prepare(true, true);
        IdentifiedMistakesReader.Result result = reader().read(jobId, BaselineData.REGION_MISTAKES, regions(jobId),
                SHAPE, MnistDataset.CLASSES, 0, 1);

        // the source-8 mistake of region 0 gets the region's label 3
        assertThat(result.images().images().labels()).containsExactly(3, 7, 3);
        assertThat(result.images().regions()).containsExactly(0, 1, 0);
        assertThat(firstPixels(result)).containsExactly(0.00f, 0.01f, 0.10f);
        assertThat(result.perRegion()).isEqualTo(Map.of(0, 2, 1, 1));
        assertThat(result.note()).startsWith("region-mistakes:");
    }

    @Test
    void rawMistakesDoNotNeedTheFitRegionMistakesDo() {
        String jobId = prepare(false, true);
        IdentifiedMistakesReader.Result raw = reader().read(jobId, BaselineData.RAW_MISTAKES, regions(jobId),
                SHAPE, MnistDataset.CLASSES, 0, 1);
        // without regions every mistake has region −1, so a shard's rows go by label
        assertThat(raw.images().images().labels()).containsExactly(3, 5, 7, 2, 8);
        assertThat(raw.images().regions()).containsOnly(IdentifiedMistakesReader.NO_REGION);
        assertThat(raw.perRegion()).isEmpty();

        IdentifiedMistakesReader.Result region = reader().read(jobId, BaselineData.REGION_MISTAKES, regions(jobId),
                SHAPE, MnistDataset.CLASSES, 0, 1);
        assertThat(region.images()).isNull();
        assertThat(region.note()).contains("no fit");
    }

    @Test
    void aCapTakesTheSameSeededSampleEveryTime() {
        String jobId = prepare(true, true);
        IdentifiedMistakesReader.Result a = reader().read(jobId, BaselineData.RAW_MISTAKES, regions(jobId),
                SHAPE, MnistDataset.CLASSES, 3, 7);
        IdentifiedMistakesReader.Result b = reader().read(jobId, BaselineData.RAW_MISTAKES, regions(jobId),
                SHAPE, MnistDataset.CLASSES, 3, 7);
        assertThat(a.images().size()).isEqualTo(3);
        assertThat(firstPixels(a)).containsExactly(firstPixels(b));
        assertThat(a.note()).contains("a seeded sample of 3 of 5");
    }

    @Test
    void rawMistakesWithoutSourceLabelsAreRefusedWithTheShard() {
        String jobId = prepare(true, false);
        assertThatThrownBy(() -> reader().read(jobId, BaselineData.RAW_MISTAKES, regions(jobId), SHAPE,
                MnistDataset.CLASSES, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shard 0").hasMessageContaining("originalLabel");
    }

    private IdentifiedMistakesReader reader() {
        return new IdentifiedMistakesReader(store);
    }

    private static List<RegionLabeled> regions(String jobId) {
        return List.of(TestJobs.labeled(jobId, 0, true, 3), TestJobs.labeled(jobId, 1, true, 7));
    }

    private static float[] firstPixels(IdentifiedMistakesReader.Result result) {
        float[] pixels = result.images().images().pixels();
        float[] first = new float[result.images().size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = pixels[i * SHAPE.size()];
        }
        return first;
    }

    /** Writes the two shards (with or without source labels) and, if asked, the fit; returns the job id. */
    private String prepare(boolean withFit, boolean withSourceLabels) {
        String jobId = TestJobs.newJobId("baseline");
        shard(jobId, 0, new float[][] {{5, 0}, {0, 5}, {-5, -5}}, new int[] {3, 7, 5}, withSourceLabels);
        shard(jobId, 1, new float[][] {{5.2f, 0.1f}, {-5, -4.8f}}, new int[] {8, 2}, withSourceLabels);
        if (withFit) {
            double[][] identity = {{1, 0}, {0, 1}};
            store.putJson(IdentifiedMistakesReader.fitKey(jobId), Map.of(
                    "weights", new double[] {0.4, 0.4, 0.2},
                    "means", new double[][] {{5, 0}, {0, 5}, {-5, -5}},
                    "covariances", new double[][][] {identity, identity, identity},
                    "regions", List.of(Map.of("regionId", 0, "component", 0), Map.of("regionId", 1, "component", 1),
                            Map.of("regionId", 2, "component", 2))));
        }
        return jobId;
    }

    private void shard(String jobId, int index, float[][] codes, int[] sourceLabels, boolean withSourceLabels) {
        int n = codes.length;
        float[] pixels = new float[n * SHAPE.size()];
        float[] flatCodes = new float[n * 2];
        for (int r = 0; r < n; r++) {
            Arrays.fill(pixels, r * SHAPE.size(), (r + 1) * SHAPE.size(), (10 * index + r) / 100f);
            flatCodes[2 * r] = codes[r][0];
            flatCodes[2 * r + 1] = codes[r][1];
        }
        StoredObject images = store.putTensor(ObjectKeys.identifyShard(jobId, index),
                new FloatTensor(new int[] {n, 1, 2, 2}, pixels));
        StoredObject codeTensor = store.putTensor(ObjectKeys.tensor(jobId, "distill", "received/shard-0000" + index),
                new FloatTensor(new int[] {n, 2}, flatCodes));
        Map<String, Object> manifest = new HashMap<>(Map.of("jobId", jobId, "shardIndex", index, "shardCount", 2,
                "mistakeCount", n, "latentDim", 2, "identifyTensor", images.ref(), "codes", codeTensor.ref()));
        if (withSourceLabels) {
            manifest.put("originalLabel", sourceLabels);
        }
        store.putJson(IdentifiedMistakesReader.shardsPrefix(jobId) + "shard-0000" + index + ".json", manifest);
    }
}
