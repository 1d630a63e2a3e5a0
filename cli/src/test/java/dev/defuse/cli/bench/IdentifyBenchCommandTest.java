package dev.defuse.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IdentifyBenchCommandTest {

  private static final String MNIST = Path.of("..", "datasets", "mnist").toString();

  @Test
  void measuresEachBatchSizeAndReportsJson() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JsonNode report = run(err, "--images-per-batch", "1,2", "-q", "20", "--seconds", "0", "--min-batches", "1",
        "--rounds", "1", "--train-images", "64", "--data", MNIST, "--store", "local", "--reference", "none", "--json");
    assertThat(report.get("draws_per_image").asInt()).isEqualTo(20);
    assertThat(report.get("results")).hasSize(2);
    JsonNode first = report.get("results").get(0);
    assertThat(first.get("images_per_batch").asInt()).isEqualTo(1);
    assertThat(first.get("samples_per_forward_pass").asInt()).isEqualTo(20);
    assertThat(first.get("samples").asLong()).isEqualTo(20L * first.get("batches").asInt());
    assertThat(first.get("decode_classify_samples_per_s").asDouble()).isPositive();
    assertThat(first.get("engine_samples_per_cpu_s").asDouble()).isPositive();
    assertThat(first.get("engine_samples_per_process_cpu_s").asDouble()).isPositive();
    assertThat(report.get("results").get(1).get("samples_per_forward_pass").asInt()).isEqualTo(40);
    assertThat(report.get("reference").asText()).isEqualTo("not run");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("PyTorch reference: off");
  }

  /**
   * With PyTorch for Python installed, both implementations run in alternating rounds on the same weights: the
   * script's networks have DJL's parameter counts and compute DJL's outputs on the probe, or the bench fails.
   */
  @Test
  void runsThePyTorchReferenceSideBySide() throws Exception {
    JsonNode report = run(new ByteArrayOutputStream(), withReference("--images-per-batch", "1,2", "--rounds", "2"));
    assertThat(report.get("results")).hasSize(4);
    JsonNode reference = report.get("reference");
    assertThat(reference.get("threads").asInt()).isEqualTo(report.get("intra_op_threads").asInt());
    assertThat(reference.get("parameters").get("classifier").asLong()).isEqualTo(332_042L);
    assertThat(reference.get("probe").get("decoded_max_abs_diff").asDouble()).isLessThan(1e-3);
    assertThat(reference.get("probe").get("logits_max_abs_diff").asDouble()).isLessThan(1e-3);
    assertThat(reference.get("results")).hasSize(4);
    List<Integer> rounds = new ArrayList<>();
    for (JsonNode row : reference.get("results")) {
      assertThat(row.get("samples").asLong()).isEqualTo(20L * row.get("images_per_batch").asInt()
          * row.get("batches").asInt());
      rounds.add(row.get("round").asInt());
    }
    assertThat(rounds).containsExactly(1, 1, 2, 2);
    JsonNode comparison = report.get("comparison");
    assertThat(comparison).hasSize(2);
    for (JsonNode c : comparison) {
      assertThat(c.get("ratio").asDouble()).isEqualTo(
          c.get("java_samples_per_s").asDouble() / c.get("pytorch_samples_per_s").asDouble());
      assertThat(c.get("java_rounds")).hasSize(2);
      assertThat(c.get("pytorch_rounds")).hasSize(2);
    }
    assertThat(report.get("target_met").isBoolean()).isTrue();
  }

  /**
   * Two workers (the service's concurrent shards) against the reference's single loop: the reference gets as many
   * intra-op threads as Java has workers × threads, so both use the same number of cores.
   */
  @Test
  void twoWorkersAreComparedWithAReferenceOnAsManyThreads() throws Exception {
    JsonNode report = run(new ByteArrayOutputStream(), withReference("--images-per-batch", "1", "--rounds", "1",
        "--workers", "2", "--threads", "1"));
    assertThat(report.get("workers").asInt()).isEqualTo(2);
    assertThat(report.get("reference_intra_op_threads").asInt()).isEqualTo(2);
    assertThat(report.get("reference").get("threads").asInt()).isEqualTo(2);
    assertThat(report.get("results").get(0).get("workers").asInt()).isEqualTo(2);
    assertThat(report.get("comparison")).hasSize(1);
    // overlapping workers: their per-CPU-second figure is not measured, and the JSON says so with null
    assertThat(report.get("comparison").get(0).get("java_samples_per_cpu_s").isNull()).isTrue();
    assertThat(report.get("comparison").get(0).get("ratio").isNumber()).isTrue();
    assertThat(report.get("results").get(0).get("minor_page_faults_per_1000_samples").isNull()).isTrue();
  }

  @Test
  void referenceThreadsOtherThanJavasComputeThreadsAreRefused() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new CommandLine(new IdentifyBenchCommand(new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--workers", "2",
        "--threads", "1", "--reference-threads", "1", "--reference", "none", "--data", MNIST, "--store", "local");
    assertThat(code).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--reference-threads 1", "2 worker(s) × 1");
  }

  @Test
  void aMissingInterpreterIsNamedAndJavaRunsAlone() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JsonNode report = run(err, "--images-per-batch", "1", "-q", "10", "--seconds", "0", "--min-batches", "1",
        "--rounds", "1", "--train-images", "64", "--data", MNIST, "--store", "local", "--python", "/nonexistent/python3", "--json");
    assertThat(report.get("results")).hasSize(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("PyTorch for Python is not installed", "/nonexistent/python3", "apt-get install python3-torch");
  }

  /** A short run with the PyTorch reference (the test is skipped where PyTorch for Python is not installed). */
  private static String[] withReference(String... args) {
    PyTorchReference.Probe python = PyTorchReference.find(List.of("python3", "/usr/bin/python3"));
    assumeTrue(python.usable(), "PyTorch for Python is not installed: " + python.detail());
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-q", "20", "--seconds", "0", "--min-batches", "1", "--train-images", "64", "--data", MNIST,
        "--store", "local", "--reference", "python", "--python", python.python(), "--reference-script",
        Path.of("..", PyTorchReference.SCRIPT).toString(), "--json"));
    return all.toArray(String[]::new);
  }

  private static JsonNode run(ByteArrayOutputStream err, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = new CommandLine(new IdentifyBenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
  }
}
