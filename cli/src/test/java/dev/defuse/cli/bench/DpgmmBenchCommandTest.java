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

class DpgmmBenchCommandTest {

  private static final Path FIXTURES = Path.of("..", "dpgmm", "src", "test", "resources", "fixtures");

  @Test
  void reproducesScikitLearnOnTheSmallFixtureAndReportsTheComparison() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new CommandLine(new DpgmmBenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--sets", "n10000", "--inits", "sklearn", "--fixtures", FIXTURES.toString(), "--json");
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode result = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("results").get(0);
    assertThat(result.get("set").asText()).isEqualTo("n10000");
    assertThat(result.get("n_iter").asInt()).isEqualTo(54);
    assertThat(result.get("same_n_iter_as_sklearn").asBoolean()).isTrue();
    assertThat(result.get("max_relative_trace_difference").asDouble()).isLessThan(1e-12);
    assertThat(result.get("predict_agreement_with_sklearn").asDouble()).isEqualTo(1.0);
    assertThat(result.get("active_components").asInt()).isEqualTo(8);
    assertThat(result.get("bound_equal_or_better").asBoolean()).isTrue();
    assertThat(result.get("fit_seconds").asDouble()).isPositive();
    assertThat(result.get("sklearn_fit_wall_s").asDouble()).isEqualTo(22.271);
  }

  @Test
  void unknownSetIsAnInputError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new CommandLine(new DpgmmBenchCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--sets", "n123", "--fixtures", FIXTURES.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown fixture set 'n123'");
  }
}
