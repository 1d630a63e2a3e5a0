package dev.defuse.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A service that does not answer for a while (restarting) keeps its last progress; one silent for too long fails. */
class ProgressMonitorTest {

  private final AtomicBoolean down = new AtomicBoolean();
  private final JsonNode running = json("{\"state\":\"RUNNING\",\"imagesSelected\":100,\"imagesProcessed\":25}");

  @Test
  void aServiceThatStopsAnsweringKeepsItsLastProgress() {
    ProgressMonitor monitor = monitor(Duration.ofMinutes(2));
    assertThat(monitor.poll("job").get("identify").done()).isEqualTo(25);
    down.set(true);
    assertThat(monitor.poll("job").get("identify").done()).as("unchanged while it restarts").isEqualTo(25);
    down.set(false);
    assertThat(monitor.poll("job").get("identify").state()).isEqualTo("RUNNING");
  }

  @Test
  void aServiceSilentForLongerThanTheGraceFailsThePoll() throws Exception {
    ProgressMonitor monitor = monitor(Duration.ZERO);
    down.set(true);
    assertThat(monitor.poll("job").get("identify").state()).as("the first failure is tolerated").isEqualTo("WAITING");
    Thread.sleep(5);
    assertThatThrownBy(() -> monitor.poll("job")).hasMessageContaining("connection refused");
  }

  private ProgressMonitor monitor(Duration grace) {
    ProgressMonitor.Source identify = new ProgressMonitor.Source("identify", id -> {
      if (down.get()) {
        throw new IllegalStateException("GET /jobs/" + id + " failed: connection refused");
      }
      return Optional.of(running);
    }, StageProgress::identify);
    return new ProgressMonitor(List.of(identify), new PrintWriter(new StringWriter()), false, grace);
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
