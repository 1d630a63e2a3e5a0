package dev.defuse.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.cli.DefuseCli;
import dev.defuse.stack.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./defuse up / status / down} against a real stack in a temporary directory. */
class StackCommandsTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DefuseCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void everyStackCommandHasHelp() {
    for (String command : new String[] {"up", "down", "status"}) {
      Run help = run(command, "--help");
      assertThat(help.exitCode()).isZero();
      assertThat(help.out()).contains("Usage: defuse " + command).contains("--data-dir").contains("--json");
    }
    assertThat(run("up", "--help").out()).contains("--kafka-port", "--free-ports", "--work-partitions");
  }

  @Test
  @SuppressWarnings("unchecked")
  void upStatusDownLifecycle(@TempDir Path dir) {
    String dataDir = dir.toString();
    Run down = run("status", "--data-dir", dataDir, "--json");
    assertThat(down.exitCode()).isEqualTo(StatusCommand.NOT_UP);
    assertThat(((Map<String, Object>) Json.parse(down.out())).get("state")).isEqualTo("down");

    try {
      Run up = run("up", "--data-dir", dataDir, "--free-ports", "--work-partitions", "3");
      assertThat(up.exitCode()).as(up.err()).isZero();
      assertThat(up.out()).contains("The local stack is up after", "identify-shards:3", "mistakes:2",
          "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:", "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:");

      Run again = run("up", "--data-dir", dataDir, "--json");
      assertThat(again.exitCode()).isZero();
      assertThat(((Map<String, Object>) Json.parse(again.out())).get("alreadyRunning")).isEqualTo(true);

      Run status = run("status", "--data-dir", dataDir);
      assertThat(status.exitCode()).isZero();
      assertThat(status.out()).contains("Local stack: up", "Kafka ApiVersions ok", "PostgreSQL handshake ok",
          "HTTP 403");
    } finally {
      Run stopped = run("down", "--data-dir", dataDir);
      assertThat(stopped.exitCode()).isZero();
      assertThat(stopped.out()).contains("Stopped the local stack");
    }
    assertThat(run("status", "--data-dir", dataDir).out()).contains("Local stack: down");
    assertThat(run("down", "--data-dir", dataDir).out()).contains("not running");
  }
}
