package dev.defuse.common.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeysTest {

    @Test
    void buildsKeysUnderTheFourPrefixes() {
        assertThat(ObjectKeys.jobSpec("job-1")).isEqualTo("jobs/job-1/spec.json");
        assertThat(ObjectKeys.jobObject("job-1", "distill/state.json")).isEqualTo("jobs/job-1/distill/state.json");
        assertThat(ObjectKeys.identifyShard("job-1", 3)).isEqualTo("tensors/job-1/identify/shard-00003.dft");
        assertThat(ObjectKeys.regionSamples("job-1", 2, "review")).isEqualTo("tensors/job-1/distill/region-002-review.dft");
        assertThat(ObjectKeys.tensor("job-1", "correction", "x.dft")).isEqualTo("tensors/job-1/correction/x.dft");
        assertThat(ObjectKeys.modelParams("mnist-cnn")).isEqualTo("models/mnist-cnn/params.bin");
        assertThat(ObjectKeys.modelManifest("mnist-cnn")).isEqualTo("models/mnist-cnn/manifest.json");
        assertThat(ObjectKeys.datasetPrefix("mnist")).isEqualTo("datasets/mnist/");
        assertThat(ObjectKeys.jobReportFile("job-1", "region-3.png")).isEqualTo("jobs/job-1/report/region-3.png");
        assertThat(ObjectKeys.datasetFile("mnist", "train-images-idx3-ubyte.gz"))
                .isEqualTo("datasets/mnist/train-images-idx3-ubyte.gz");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs/key", "a/../b", "..", "a/./b", "a//b", "a\\b", "a/b/", "", "tab\there"})
    void rejectsUnsafeKeys(String key) {
        assertThatThrownBy(() -> ObjectKeys.validate(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("object key");
    }

    @Test
    void rejectsUnsafeIdsInBuilders() {
        assertThatThrownBy(() -> ObjectKeys.jobSpec("../x")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.modelParams("a/b")).hasMessageContaining("modelId");
        assertThatThrownBy(() -> ObjectKeys.datasetFile("mnist", "../secret")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> ObjectKeys.regionSamples("j", 1, "Review!")).hasMessageContaining("sample set");
        assertThatThrownBy(() -> ObjectKeys.jobReportFile("j", "../spec.json")).hasMessageContaining("report file");
        assertThatThrownBy(() -> ObjectKeys.jobReportFile("j", "a/index.html")).hasMessageContaining("report file");
    }

    @Test
    void prefixesMayEndWithSlashOrBeEmpty() {
        assertThat(ObjectKeys.validatePrefix("")).isEmpty();
        assertThat(ObjectKeys.validatePrefix("datasets/mnist/")).isEqualTo("datasets/mnist/");
        assertThat(ObjectKeys.validatePrefix("datasets/mn")).isEqualTo("datasets/mn");
        assertThatThrownBy(() -> ObjectKeys.validatePrefix("../")).hasMessageContaining("prefix");
    }

    @Test
    void configAppliesDefaultsValidatesAndHidesTheSecret() {
        ObjectStoreConfig c = new ObjectStoreConfig("http://localhost:9000", "ak", "very-secret");
        assertThat(c.bucket()).isEqualTo("defuse");
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.toString()).doesNotContain("very-secret").contains("secretKey=***");
        assertThat(new ObjectStoreConfig("https://s3.example.com", "ak", "sk", null, "").bucket()).isEqualTo("defuse");
        assertThatThrownBy(() -> new ObjectStoreConfig("localhost:9000", "ak", "sk"))
                .hasMessageContaining("must be an http(s) URL");
        assertThatThrownBy(() -> c.withBucket("Bad_Bucket")).hasMessageContaining("not a valid S3 bucket name");
        assertThatThrownBy(() -> new ObjectStoreConfig("http://h:1", " ", "sk")).hasMessageContaining("access key");
    }
}
