package dev.defuse.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.cli.DefuseCli;
import dev.defuse.common.messaging.DeadLetterHeaders;
import dev.defuse.stack.Json;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackLayout;
import dev.defuse.stack.StackStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./defuse dlq list|replay} against a real broker (a local stack started with {@code ./defuse up}), on
 * dead letters written with the headers the services' dead-letter producers write (the services' own tests check
 * those headers on records their consumers really dead-lettered).
 */
class DlqCommandTest {

  private record Run(int exitCode, String out, String err) {}

  @TempDir
  static Path dir;

  private static String dataDir;
  private static String bootstrap;

  @BeforeAll
  static void startStack() {
    dataDir = dir.resolve("stack").toString();
    Run up = run("up", "--data-dir", dataDir, "--free-ports");
    assertThat(up.exitCode()).as(up.err()).isZero();
    StackStatus status = new StackLauncher().running(Path.of(dataDir)).orElseThrow();
    bootstrap = status.kafka().bootstrapServers();
  }

  @AfterAll
  static void stopStack() {
    run("down", "--data-dir", dataDir);
  }

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
  void listShowsEachDeadLetterAndReplayRepublishesItOnceWithoutLooping() {
    String key = "job-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] garbage = "this is {not an event".getBytes(StandardCharsets.UTF_8);
    byte[] event = ("{\"type\":\"RegionFound\",\"schemaVersion\":7,\"jobId\":\"" + key + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    long first = deadLetter(key, garbage, 17, "record on topic 'regions' is not valid JSON: Unrecognized token",
        null);
    long second = deadLetter(key, event, 18, "record on topic 'regions' (RegionFound) has unsupported schemaVersion 7",
        null);
    long third = deadLetter(key, garbage, 40, "record on topic 'regions' is not valid JSON: Unrecognized token",
        "regions-dlq/0/" + first);
    // the second's original record, dead-lettered once more (a restart before its offset was committed)
    long fourth = deadLetter(key, event, 18, "record on topic 'regions' (RegionFound) has unsupported schemaVersion 7",
        null);

    Run list = run("dlq", "list", "--topic", "regions", "--data-dir", dataDir);
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains("regions-dlq: 4 dead letters",
        "0:" + first + "  ", "from regions-0@17 by labeling-service  key " + key,
        "reason: record on topic 'regions' is not valid JSON", "value:  this is {not an event",
        "has unsupported schemaVersion 7", "failed again after being replayed from regions-dlq/0/" + first,
        "the same record as regions-dlq/0/" + second + " (dead-lettered again after a restart)");

    // without --topic: every pipeline dead-letter topic, as JSON for scripts; the broker given explicitly
    Run all = run("dlq", "list", "--json", "--bootstrap-servers", bootstrap);
    assertThat(all.exitCode()).as(all.err()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) Json.parse(all.out());
    assertThat(strings(doc.get("topics"))).contains("identify-shards-dlq", "mistakes-dlq", "regions-dlq",
        "labels-dlq", "correction-sweep-dlq", "finetuned-models-dlq");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> letters = (List<Map<String, Object>>) doc.get("deadLetters");
    Map<String, Object> shown = letters.stream().filter(l -> key.equals(l.get("key"))
        && ((Number) l.get("offset")).longValue() == second).findFirst().orElseThrow();
    assertThat(shown).containsEntry("dlqTopic", "regions-dlq").containsEntry("originTopic", "regions")
        .containsEntry("originPartition", 0L).containsEntry("originOffset", 18L)
        .containsEntry("service", "labeling-service").containsEntry("valueBytes", (long) event.length);

    // a dry run publishes nothing
    Run dry = run("dlq", "replay", "--topic", "regions-dlq", "--offset", Long.toString(second), "--dry-run",
        "--data-dir", dataDir);
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would replay regions-dlq/0/" + second + " to regions (key " + key,
        "Would replay 1 record from regions-dlq");
    assertThat(originRecords(key, Duration.ofSeconds(3))).isEmpty();

    // --all replays the second; it skips the third (a replay of the first that failed again) and so the first too
    Run replay = run("dlq", "replay", "--topic", "regions", "--all", "--json", "--data-dir", dataDir);
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) Json.parse(replay.out());
    assertThat(deadLetterIds(result.get("replayed"))).containsExactly("regions-dlq/0/" + second);
    assertThat(deadLetterIds(result.get("skipped")))
        .containsExactlyInAnyOrder("regions-dlq/0/" + first, "regions-dlq/0/" + third, "regions-dlq/0/" + fourth);

    List<ConsumerRecord<String, byte[]>> replayed = originRecords(key, Duration.ofSeconds(5));
    assertThat(replayed).hasSize(1);
    ConsumerRecord<String, byte[]> again = replayed.get(0);
    assertThat(header(again, DeadLetterHeaders.REPLAYED_FROM)).isEqualTo("regions-dlq/0/" + second);
    assertThat(again.key()).isEqualTo(key);
    assertThat(again.value()).isEqualTo(event);
    // the record's own headers travel back; the ones describing the failure do not
    assertThat(header(again, "trace-id")).isEqualTo("abc");
    assertThat(again.headers().toArray()).extracting(Header::key)
        .noneMatch(k -> k.startsWith("deserialization-failure-"))
        .filteredOn(k -> k.startsWith(DeadLetterHeaders.PREFIX)).containsExactly(DeadLetterHeaders.REPLAYED_FROM);

    // one record: skipped when it already failed after a replay, unless forced
    Run skipped = run("dlq", "replay", "--topic", "regions", "--offset", Long.toString(third), "--data-dir",
        dataDir);
    assertThat(skipped.exitCode()).isZero();
    assertThat(skipped.out()).contains("skipped regions-dlq/0/" + third + ": it failed again after being replayed",
        "--force replays it anyway", "Replayed 0 records");
    Run forced = run("dlq", "replay", "--topic", "regions", "--offset", Long.toString(third), "--partition", "0",
        "--force", "--data-dir", dataDir);
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("replayed regions-dlq/0/" + third + " to regions-");
    assertThat(originRecords(key, Duration.ofSeconds(5))).hasSize(2);
    // and the dead letter whose replay failed again is skipped too
    Run original = run("dlq", "replay", "--topic", "regions", "--offset", Long.toString(first), "--data-dir",
        dataDir);
    assertThat(original.exitCode()).isZero();
    assertThat(original.out()).contains("skipped regions-dlq/0/" + first
        + ": it was replayed before and failed again as regions-dlq/0/" + third);
  }

  @Test
  void mistakesAreOneLineErrors() throws Exception {
    Run unknown = run("dlq", "replay", "--topic", "regions", "--offset", "999999", "--data-dir", dataDir);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no dead letter at offset 999999 on regions-dlq");

    Run noTopic = run("dlq", "list", "--topic", "no-such-topic", "--data-dir", dataDir);
    assertThat(noTopic.exitCode()).isEqualTo(1);
    assertThat(noTopic.err()).contains("topic no-such-topic-dlq does not exist");

    Path empty = Files.createDirectories(dir.resolve("no-stack"));
    assertThat(new StackLayout(empty).statusFile()).doesNotExist();
    Run noBroker = run("dlq", "list", "--data-dir", empty.toString());
    assertThat(noBroker.exitCode()).isEqualTo(1);
    assertThat(noBroker.err()).contains("no Kafka broker: pass --bootstrap-servers, or start the local stack");

    Run both = run("dlq", "replay", "--topic", "regions", "--offset", "1", "--all", "--data-dir", dataDir);
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");

    Run help = run("dlq", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("list", "replay", "<topic>-dlq");
    assertThat(run("dlq", "replay", "--help").out()).contains("--offset", "--all", "--dry-run", "--force",
        "--bootstrap-servers", "--data-dir", "--json");
  }

  /**
   * Writes a dead letter to partition 0 of regions-dlq as a service's dead-letter producer does: the original key,
   * value and headers, SmallRye's reason and origin headers, the service header; returns its offset.
   */
  private static long deadLetter(String key, byte[] value, long originOffset, String reason, String replayedFrom) {
    List<Header> headers = new ArrayList<>();
    headers.add(header(DeadLetterHeaders.EXCEPTION_CLASS, "org.apache.kafka.common.errors.RecordDeserializationException"));
    headers.add(header(DeadLetterHeaders.REASON, reason));
    headers.add(header(DeadLetterHeaders.TOPIC, "regions"));
    headers.add(header(DeadLetterHeaders.PARTITION, "0"));
    headers.add(header(DeadLetterHeaders.OFFSET, Long.toString(originOffset)));
    headers.add(header("trace-id", "abc"));
    headers.add(header("deserialization-failure-reason", reason));
    if (replayedFrom != null) {
      headers.add(header(DeadLetterHeaders.REPLAYED_FROM, replayedFrom));
    }
    headers.add(header(DeadLetterHeaders.SERVICE, "labeling-service"));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
             new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>("regions-dlq", 0, key, value, headers)).get().offset();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write a dead letter", e);
    }
  }

  /** The records with {@code key} on the origin topic, read from the beginning for {@code wait}. */
  private static List<ConsumerRecord<String, byte[]>> originRecords(String key, Duration wait) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("regions"));
      long end = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (key.equals(r.key())) {
            records.add(r);
          }
        });
      }
    }
    return records;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return (List<String>) list;
  }

  @SuppressWarnings("unchecked")
  private static List<String> deadLetterIds(Object entries) {
    return ((List<Map<String, Object>>) entries).stream().map(e -> (String) e.get("deadLetter")).toList();
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
