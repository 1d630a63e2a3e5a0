package dev.defuse.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.cli.DefuseCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./defuse job submit} with bad input (issue 10, item 5): the CLI refuses what it can check itself with one
 * line on stderr and a non-zero exit code, and never calls the service. "Never calls" is measured: {@code --url}
 * points at a real TCP listener that counts the connections it accepts. (What the service refuses is in
 * identify-service's {@code BadJobRequestsTest}; the CLI prints that problem's {@code detail}.)
 */
@Tag("bad-input")
class JobSubmitBadInputTest {

  @TempDir
  Path dir;

  private ServerSocket listener;
  private final AtomicInteger connections = new AtomicInteger();
  private Thread acceptor;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try (Socket ignored = listener.accept()) {
          connections.incrementAndGet();
        } catch (IOException closed) {
          return;
        }
      }
    }, "connection-counter");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws Exception {
    listener.close();
    acceptor.join(5_000);
  }

  @Test
  void missingModels() {
    refused(1, "--classifier and --vae are required", "--vae", "v");
  }

  @Test
  void anImageRangeThatIsNotOne() {
    refused(1, "--images must be all, START:COUNT or sample:COUNT, got 'lots'", "--classifier", "c", "--vae", "v",
        "--images", "lots");
  }

  @Test
  void anImageShapeWithTwoDimensions() {
    refused(1, "--image-shape must look like 1x28x28, got 1x28", "--classifier", "c", "--vae", "v",
        "--image-shape", "1x28");
  }

  @Test
  void anImageShapeWithALetter() {
    refused(1, "--image-shape must look like 1x28x28, got 1xAx28", "--classifier", "c", "--vae", "v",
        "--image-shape", "1xAx28");
  }

  @Test
  void qThatIsNotANumber() {
    refused(2, "Invalid value for option '--draws': 'many' is not an int", "--classifier", "c", "--vae", "v",
        "-q", "many");
  }

  @Test
  void aBetaThatIsNotANumber() {
    refused(2, "Invalid value for option '--beta-a': 'wide' is not a double", "--classifier", "c", "--vae", "v",
        "--beta-a", "wide");
  }

  @Test
  void aSpecFileThatIsNotJson() throws IOException {
    Path spec = Files.writeString(dir.resolve("job.json"), "{\"classifierModel\": ");
    refused(1, "cannot read " + spec, "--spec", spec.toString());
  }

  @Test
  void aSpecFileThatIsNotAJsonObject() throws IOException {
    Path spec = Files.writeString(dir.resolve("job.json"), "[\"classifierModel\"]");
    refused(1, spec + " does not hold a JSON object", "--spec", spec.toString());
  }

  @Test
  void aSpecFileThatDoesNotExist() {
    Path spec = dir.resolve("missing.json");
    refused(1, "cannot read " + spec, "--spec", spec.toString());
  }

  /** Runs {@code job submit ARGS --url <listener>}: the exit code, the message on stderr, no connection. */
  private void refused(int exitCode, String message, String... args) {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    CommandLine cli = DefuseCli.newCommandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(out));
    List<String> all = new ArrayList<>(List.of("job", "submit", "--url",
        "http://127.0.0.1:" + listener.getLocalPort()));
    all.addAll(List.of(args));

    assertThat(cli.execute(all.toArray(String[]::new))).as("exit code; stderr: %s", err).isEqualTo(exitCode);
    assertThat(err.toString()).contains(message);
    assertThat(out.toString()).as("stdout").isEmpty();
    assertThat(connections.get()).as("connections to the service").isZero();
  }
}
