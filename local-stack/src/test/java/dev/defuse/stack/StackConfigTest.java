package dev.defuse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher-to-daemon contract: arguments and the status file round-trip exactly. */
class StackConfigTest {

  @Test
  void argumentsRoundTrip() {
    StackConfig config = StackConfig.defaults(Path.of("/tmp/stack")).withPorts(1, 2, 3, 4).withFreePorts(true)
        .withParentPid(42).withTopics(List.of(new TopicSpec("a", 3), new TopicSpec("b-dlq", 1)))
        .withS3("ak", "sk", "eu-west-1", "my-bucket").withDatabase("db", "usr", "p'w");
    assertThat(StackConfig.parse(config.toArgs().toArray(String[]::new))).isEqualTo(config);
  }

  @Test
  void defaultTopicsAreTheWorkAndEventTopicsWithDeadLetterTopics() {
    assertThat(StackTopics.defaults()).extracting(TopicSpec::toString).containsExactly(
        "identify-shards:4", "correction-sweep:4", "mistakes:2", "regions:2", "labels:2", "finetuned-models:2",
        "identify-shards-dlq:2", "correction-sweep-dlq:2",
        "mistakes-dlq:2", "regions-dlq:2", "labels-dlq:2", "finetuned-models-dlq:2");
  }

  @Test
  void rejectsBadInputWithAClearMessage() {
    assertThatThrownBy(() -> StackConfig.parse(new String[] {"--data-dir", "/x", "--kafka-port", "abc"}))
        .hasMessageContaining("--kafka-port: not a port number: 'abc'");
    assertThatThrownBy(() -> StackConfig.parse(new String[] {"--data-dir", "/x", "--bogus"}))
        .hasMessageContaining("unknown option: --bogus");
    assertThatThrownBy(() -> StackConfig.parse(new String[] {"--kafka-port", "1"}))
        .hasMessageContaining("--data-dir is required");
    assertThatThrownBy(() -> TopicSpec.parse("mistakes:0")).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> StackConfig.defaults(Path.of("/x")).withDatabase("drop table", "u", "p"))
        .hasMessageContaining("SQL identifier");
  }

  @Test
  void statusRoundTripsThroughJson() {
    StackStatus status = new StackStatus(12, Instant.parse("2026-01-02T03:04:05Z"), 9876, Path.of("/d"),
        Path.of("/d/logs/stack-daemon.log"),
        new StackStatus.Kafka("127.0.0.1:19092", 19092, 19093, Path.of("/d/kafka"), Map.of("mistakes", 2)),
        new StackStatus.S3("http://127.0.0.1:19000", 19000, 13, "ak", "s\"k\\", "us-east-1", "defuse",
            Path.of("/d/s3")),
        new StackStatus.Postgres("jdbc:postgresql://127.0.0.1:15432/defuse", "127.0.0.1", 15432, 14, "defuse",
            "defuse", "pw", Path.of("/d/pg")));
    assertThat(StackStatus.fromJson(status.toJson())).isEqualTo(status);
  }

  @Test
  void jsonParserReportsWhereItFailed() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).hasMessageContaining("offset");
    assertThat(Json.parse("{\"a\": [1, 2.5, true, null, \"x\\u0041\"]}"))
        .isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 2.5, true, null, "xA")));
  }
}
