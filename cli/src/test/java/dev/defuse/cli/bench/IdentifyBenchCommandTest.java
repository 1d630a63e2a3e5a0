package dev.defuse.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IdentifyBenchCommandTest {

  @Test
  void measuresEachBatchSizeAndReportsJson() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new CommandLine(new IdentifyBenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--images-per-batch", "1,2", "-q", "20", "--seconds", "0", "--min-batches", "1",
            "--train-images", "64", "--decoder", "both", "--data", Path.of("..", "datasets", "mnist").toString(),
            "--store", "local", "--json");
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(report.get("draws_per_image").asInt()).isEqualTo(20);
    assertThat(report.get("results")).hasSize(4);
    JsonNode first = report.get("results").get(0);
    assertThat(first.get("decoder").asText()).isEqualTo("sub-pixel");
    assertThat(first.get("images_per_batch").asInt()).isEqualTo(1);
    assertThat(first.get("samples_per_forward_pass").asInt()).isEqualTo(20);
    assertThat(first.get("samples").asLong()).isEqualTo(20L * first.get("batches").asInt());
    assertThat(first.get("decode_classify_samples_per_s").asDouble()).isPositive();
    assertThat(first.get("engine_samples_per_cpu_s").asDouble()).isPositive();
    assertThat(report.get("results").get(3).get("decoder").asText()).isEqualTo("reference");
    assertThat(report.get("results").get(3).get("samples_per_forward_pass").asInt()).isEqualTo(40);
  }
}
