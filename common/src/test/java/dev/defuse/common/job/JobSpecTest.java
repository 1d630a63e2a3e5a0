package dev.defuse.common.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.defuse.common.data.DatasetFormat;
import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.data.ImageShape;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobSpecTest {

    private final ObjectMapper json = Json.newObjectMapper();

    static JobSpec mnistJob() {
        return JobSpec.withDefaults("job-1", DatasetRef.mnist("datasets/mnist/"), "models/mnist-cnn/params.bin",
                "models/mnist-vae/params.bin", MnistDataset.CLASSES);
    }

    @Test
    void defaultsAreThePapersSettings() {
        JobSpec spec = mnistJob();
        assertThat(spec.identify()).isEqualTo(new IdentifyParams(500, 50, 50, 100, ImageSelection.all(), false, 100, 0));
        assertThat(spec.distill()).isEqualTo(new DistillParams(100, 0.01, 0.5, 10, 256, 256, 50_000, 0));
        assertThat(spec.labeling()).isEqualTo(new LabelingParams(5, 0.5));
        assertThat(spec.correction().lambdas()).hasSize(14).startsWith(1e-10).endsWith(1000.0).contains(1.0);
        assertThat(spec.correction().epochs()).isEqualTo(3);
        assertThat(spec.correction().batchSize()).isEqualTo(256);
        assertThat(spec.correction().learningRate()).isEqualTo(1e-3);
        assertThat(spec.specKey()).isEqualTo("jobs/job-1/spec.json");
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        JobSpec spec = mnistJob()
                .withIdentify(IdentifyParams.defaults().withDrawsPerImage(20).withSelection(ImageSelection.sample(30))
                        .withShardSize(7).withSeed(99))
                .withDistill(DistillParams.defaults().withSamples(4, 8, 16).withMaxComponents(12))
                .withLabeling(new LabelingParams(3, 0.6))
                .withCorrection(CorrectionParams.defaults().withLambdas(List.of(0.1, 1.0)).withEpochs(1));
        String text = json.writeValueAsString(spec);
        assertThat(json.readValue(text, JobSpec.class)).isEqualTo(spec);
        assertThat(text).contains("\"format\":\"IDX\"").contains("\"kind\":\"SAMPLE\"");
    }

    @Test
    void missingParametersTakeTheirDefaults() throws Exception {
        String text = """
                {"jobId": "gtsrb-7",
                 "dataset": {"prefix": "datasets/gtsrb/", "format": "IMAGE_FOLDER",
                             "imageShape": {"channels": 3, "height": 32, "width": 32}},
                 "classifierModelKey": "models/gtsrb-cnn/params.bin",
                 "vaeModelKey": "models/gtsrb-vae/params.bin",
                 "classes": [{"id": 1, "name": "Speed limit (30km/h)"}, {"id": 0, "name": "Speed limit (20km/h)"}],
                 "identify": {"drawsPerImage": 50, "selection": {"kind": "RANGE", "start": 10, "count": 5}},
                 "labeling": {}}
                """;
        JobSpec spec = json.readValue(text, JobSpec.class);
        assertThat(spec.dataset()).isEqualTo(new DatasetRef("datasets/gtsrb/", DatasetFormat.IMAGE_FOLDER,
                new ImageShape(3, 32, 32)));
        assertThat(spec.classes()).extracting(ClassInfo::id).containsExactly(0, 1);
        assertThat(spec.identify().drawsPerImage()).isEqualTo(50);
        assertThat(spec.identify().betaA()).isEqualTo(50);
        assertThat(spec.identify().maxMistakesPerImage()).isEqualTo(100);
        assertThat(spec.identify().selection()).isEqualTo(ImageSelection.range(10, 5));
        assertThat(spec.distill()).isEqualTo(DistillParams.defaults());
        assertThat(spec.labeling()).isEqualTo(LabelingParams.defaults());
        assertThat(spec.correction()).isEqualTo(CorrectionParams.defaults());
        assertThat(spec.classById(1).name()).isEqualTo("Speed limit (30km/h)");
    }

    @Test
    @Tag("bad-input")
    void invalidSpecsFailWithTheFieldName() {
        assertThatThrownBy(() -> json.readValue("{\"jobId\": \"a/b\"}", JobSpec.class))
                .isInstanceOf(ValueInstantiationException.class).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> new IdentifyParams(0, 50, 50, 100, ImageSelection.all(), false, 10, 0))
                .hasMessageContaining("identify.drawsPerImage must be > 0");
        assertThatThrownBy(() -> new LabelingParams(5, 1.5)).hasMessageContaining("labeling.rho");
        assertThatThrownBy(() -> CorrectionParams.defaults().withLambdas(List.of(1.0, 1.0)))
                .hasMessageContaining("duplicates");
        assertThatThrownBy(() -> mnistJob().withDistill(DistillParams.defaults().withSamples(0, 1, 1)))
                .hasMessageContaining("distill.reviewSamples");
        assertThatThrownBy(() -> JobSpec.withDefaults("j", DatasetRef.mnist("datasets/mnist/"), "/abs", "v",
                MnistDataset.CLASSES)).hasMessageContaining("must not start with '/'");
        assertThatThrownBy(() -> JobSpec.withDefaults("j", DatasetRef.mnist("datasets/mnist/"), "c", "v",
                List.of(new ClassInfo(0, "a"), new ClassInfo(0, "b")))).hasMessageContaining("class id 0 appears twice");
        assertThatThrownBy(() -> DatasetRef.mnist("datasets/mnist")).hasMessageContaining("must end with '/'");
    }

    @Test
    void imageSelectionResolvesDeterministically() {
        assertThat(ImageSelection.all().resolve(4, 1)).containsExactly(0, 1, 2, 3);
        assertThat(ImageSelection.range(3, 2).resolve(10, 1)).containsExactly(3, 4);
        int[] sample = ImageSelection.sample(5).resolve(100, 7);
        assertThat(sample).hasSize(5).isSorted().doesNotHaveDuplicates().containsExactly(
                ImageSelection.sample(5).resolve(100, 7));
        assertThat(ImageSelection.sample(5).resolve(100, 8)).isNotEqualTo(sample);
        assertThat(ImageSelection.sample(100).resolve(100, 3)).hasSize(100).doesNotHaveDuplicates();
        assertThatThrownBy(() -> ImageSelection.range(8, 5).resolve(10, 0))
                .hasMessageContaining("image range [8, 13) exceeds the dataset's 10 images");
        assertThatThrownBy(() -> ImageSelection.sample(11).resolve(10, 0)).hasMessageContaining("cannot sample 11");
        assertThatThrownBy(() -> new ImageSelection(ImageSelection.Kind.ALL, 1, 0)).hasMessageContaining("ALL");
    }

    @Test
    void shardCountCoversEveryImage() {
        IdentifyParams p = IdentifyParams.defaults().withShardSize(100);
        assertThat(p.shardCount(0)).isZero();
        assertThat(p.shardCount(1)).isEqualTo(1);
        assertThat(p.shardCount(100)).isEqualTo(1);
        assertThat(p.shardCount(101)).isEqualTo(2);
        assertThat(p.shardCount(10_000)).isEqualTo(100);
    }
}
