package dev.defuse.identify.rest;

import dev.defuse.common.job.ImageSelection;
import dev.defuse.identify.domain.JobRequestException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRequestReaderTest {

    private final JobRequestReader reader = new JobRequestReader(25);

    @Test
    void fillsDefaultsAndTheServicesShardSize() {
        JobRequest request = reader.read("""
                {"dataset": {"prefix": "datasets/mnist/", "format": "IDX",
                             "imageShape": {"channels": 1, "height": 28, "width": 28}},
                 "classifierModel": "c", "vaeModel": "v",
                 "identify": {"drawsPerImage": 50, "selection": {"kind": "RANGE", "start": 10, "count": 5}}}""");
        assertThat(request.identify().drawsPerImage()).isEqualTo(50);
        assertThat(request.identify().shardSize()).isEqualTo(25);
        assertThat(request.identify().betaA()).isEqualTo(50.0);
        assertThat(request.identify().maxMistakesPerImage()).isEqualTo(100);
        assertThat(request.identify().selection()).isEqualTo(ImageSelection.range(10, 5));
        assertThat(request.jobId()).isNull();

        assertThat(reader.read("{\"classifierModel\": \"c\"}").identify().shardSize()).isEqualTo(25);
        assertThat(reader.read("{\"identify\": {\"shardSize\": 7}}").identify().shardSize()).isEqualTo(7);
    }

    @Test
    @Tag("bad-input")
    void namesTheOffendingField() {
        assertThatThrownBy(() -> reader.read("{\"identify\": {\"drawsPerImage\": 0}}"))
                .isInstanceOf(JobRequestException.class).hasMessageContaining("identify.drawsPerImage");
        assertThatThrownBy(() -> reader.read("{\"identify\": {\"betaA\": \"lots\"}}"))
                .isInstanceOf(JobRequestException.class).hasMessageStartingWith("identify.betaA");
        assertThatThrownBy(() -> reader.read("{\"identify\": {\"selection\": {\"kind\": \"SOME\"}}}"))
                .isInstanceOf(JobRequestException.class).hasMessageStartingWith("identify.selection.kind");
    }

    @Test
    @Tag("bad-input")
    void refusesWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> reader.read("")).isInstanceOf(JobRequestException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> reader.read("{\"jobId\": ")).isInstanceOf(JobRequestException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> reader.read("[1, 2]")).isInstanceOf(JobRequestException.class)
                .hasMessageContaining("JSON object");
    }
}
