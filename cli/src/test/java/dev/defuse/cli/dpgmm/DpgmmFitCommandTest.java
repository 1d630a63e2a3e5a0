package dev.defuse.cli.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.cli.DefuseCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DpgmmFitCommandTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    DpgmmFitCommand command = new DpgmmFitCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CommandLine(command).execute(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Two well-separated blobs in 2-D plus a label column. */
  private Path twoBlobs() throws IOException {
    Random random = new Random(4);
    StringBuilder csv = new StringBuilder("x,y,label\n");
    for (int i = 0; i < 120; i++) {
      int cluster = i % 2;
      csv.append(cluster * 8 + random.nextGaussian() * 0.5).append(',')
          .append(cluster * 8 + random.nextGaussian() * 0.5).append(',').append(cluster).append('\n');
    }
    return Files.writeString(dir.resolve("codes.csv"), csv);
  }

  @Test
  void printsOneJsonObjectWithTheFit() throws IOException {
    Path input = twoBlobs();
    int code = run("--input", input.toString(), "--max-components", "6", "--seed", "3", "--json", "-q");
    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(stdout());
    assertThat(json.get("n_iter").asInt()).isPositive();
    assertThat(json.get("converged").asBoolean()).isTrue();
    assertThat(json.get("lower_bound").isDouble()).isTrue();
    assertThat(json.get("weights")).hasSize(6);
    assertThat(json.get("means")).hasSize(6);
    assertThat(json.get("means").get(0)).hasSize(2);
    assertThat(json.get("covariances").get(0).get(1)).hasSize(2);
    assertThat(json.get("fit_seconds").asDouble()).isPositive();
    assertThat(json.get("labels")).hasSize(120);
    assertThat(json.get("columns").toString()).isEqualTo("[\"x\",\"y\"]");
    assertThat(json.get("active_components")).hasSize(2);
    // the two blobs get two different labels, consistently
    JsonNode labels = json.get("labels");
    for (int i = 2; i < 120; i++) {
      assertThat(labels.get(i).asInt()).isEqualTo(labels.get(i % 2).asInt());
    }
    assertThat(labels.get(0).asInt()).isNotEqualTo(labels.get(1).asInt());
    assertThat(stderr()).isEmpty();
  }

  @Test
  void humanSummaryAndProgress() throws IOException {
    Path input = twoBlobs();
    assertThat(run("--input", input.toString(), "--max-components", "6")).isZero();
    assertThat(stdout()).contains("converged after").contains("2 of 6 components have weight > 0.01");
    assertThat(stderr()).contains("iteration 1: lower bound");
  }

  @Test
  void initialLabelsAndColumnSelection() throws IOException {
    Path input = twoBlobs();
    StringBuilder labels = new StringBuilder("kmeans_label\n");
    for (int i = 0; i < 120; i++) {
      labels.append(i % 2).append('\n');
    }
    Path init = Files.writeString(dir.resolve("init.csv"), labels);
    assertThat(run("--input", input.toString(), "--columns", "y", "--max-components", "4", "--init-labels",
        init.toString(), "--json", "-q")).isZero();
    assertThat(new ObjectMapper().readTree(stdout()).get("means").get(0)).hasSize(1);
  }

  @Test
  void inputErrorsAreOneLineWithExitCode2() throws IOException {
    assertThat(run("--input", dir.resolve("absent.csv").toString())).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error: file not found: " + dir.resolve("absent.csv") + System.lineSeparator());

    err.reset();
    Path bad = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3,oops\n");
    assertThat(run("--input", bad.toString(), "-q")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error: " + bad + " line 3, column 'b': 'oops' is not a number"
        + System.lineSeparator());

    err.reset();
    Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b\n1,2\n3\n");
    assertThat(run("--input", ragged.toString(), "-q")).isEqualTo(2);
    assertThat(stderr()).contains("line 3: 1 fields, but the header has 2");

    err.reset();
    Path nan = Files.writeString(dir.resolve("nan.csv"), "a,b\n1,2\n3,NaN\n4,4\n");
    assertThat(run("--input", nan.toString(), "--max-components", "2", "-q")).isEqualTo(2);
    assertThat(stderr()).contains("line 3, column 'b': NaN is not a finite number");

    err.reset();
    Path small = Files.writeString(dir.resolve("small.csv"), "a\n1\n2\n3\n");
    assertThat(run("--input", small.toString(), "-q")).isEqualTo(2);
    assertThat(stderr()).contains("has 3 rows, fewer than --max-components 100");
  }

  @Test
  void registeredInTheDefuseCommand() {
    CommandLine cli = DefuseCli.newCommandLine();
    assertThat(cli.getSubcommands()).containsKey("dpgmm");
    assertThat(cli.getSubcommands().get("dpgmm").getSubcommands()).containsKey("fit");
    assertThat(cli.getSubcommands().get("bench").getSubcommands()).containsKey("dpgmm");
  }
}
