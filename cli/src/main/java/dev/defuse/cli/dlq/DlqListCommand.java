package dev.defuse.cli.dlq;

import dev.defuse.cli.stack.JsonOutput;
import dev.defuse.common.messaging.DeadLetter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse dlq list}: every dead-lettered record, where it came from and why. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
        "Show each record of the dead-letter topics: where it is (dlq topic, partition:offset), when it was "
            + "dead-lettered, where it came from (topic-partition@offset) and which service gave up on it, the "
            + "reason, the key and the start of the value.",
        "Reads without joining a consumer group: listing changes nothing."})
final class DlqListCommand implements Callable<Integer> {

  /** Characters of a value shown in the text listing. */
  static final int PREVIEW_CHARS = 120;

  @Spec
  CommandSpec spec;

  @Mixin
  BrokerOptions broker;

  @Mixin
  JsonOutput json;

  @Option(names = "--topic", paramLabel = "TOPIC",
      description = "One dead-letter topic (regions-dlq, or just regions); default: those of every pipeline topic.")
  String topic;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (DeadLetterTopics topics = new DeadLetterTopics(broker.bootstrapServers())) {
      List<String> names = topic != null ? List.of(DeadLetterTopics.dlqTopic(topic))
          : DeadLetterTopics.pipelineTopics().stream().filter(topics::exists).toList();
      Map<String, List<DeadLetter>> byTopic = new LinkedHashMap<>();
      Map<String, String> duplicates = new HashMap<>();
      for (String name : names) {
        List<DeadLetter> letters = topics.read(name);
        byTopic.put(name, letters);
        duplicates.putAll(DeadLetterTopics.duplicates(letters));
      }
      if (json.enabled()) {
        json.print(out, document(byTopic, duplicates));
      } else {
        print(out, byTopic, duplicates);
      }
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | org.apache.kafka.common.KafkaException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static void print(PrintWriter out, Map<String, List<DeadLetter>> byTopic, Map<String, String> duplicates) {
    int total = 0;
    for (Map.Entry<String, List<DeadLetter>> e : byTopic.entrySet()) {
      List<DeadLetter> letters = e.getValue();
      total += letters.size();
      out.printf("%s: %d dead letter%s%n", e.getKey(), letters.size(), letters.size() == 1 ? "" : "s");
      for (DeadLetter d : letters) {
        out.printf("  %d:%d  %s  from %s by %s  key %s%n", d.partition(), d.offset(), d.timestamp(), d.origin(),
            d.service() == null ? "?" : d.service(), d.key() == null ? "(none)" : d.key());
        out.printf("    reason: %s%n", d.reason() == null ? "(no reason recorded)" : d.reason());
        if (d.cause() != null && !d.cause().equals(d.reason())) {
          out.printf("    cause:  %s%n", d.cause());
        }
        out.printf("    value:  %s%n", d.valuePreview(PREVIEW_CHARS));
        if (duplicates.containsKey(d.id())) {
          out.printf("    the same record as %s (dead-lettered again after a restart): replay skips it%n",
              duplicates.get(d.id()));
        }
        if (d.failedAfterReplay()) {
          out.printf("    failed again after being replayed from %s: replay skips both%n", d.replayedFrom());
        }
      }
    }
    if (byTopic.size() > 1) {
      out.printf("%d dead letter%s on %d topics%n", total, total == 1 ? "" : "s", byTopic.size());
    }
    out.flush();
  }

  static Map<String, Object> document(Map<String, List<DeadLetter>> byTopic, Map<String, String> duplicates) {
    List<Object> letters = new ArrayList<>();
    byTopic.values().forEach(list -> list.forEach(d -> letters.add(json(d, duplicates.get(d.id())))));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("topics", new ArrayList<>(byTopic.keySet()));
    doc.put("count", letters.size());
    doc.put("deadLetters", letters);
    return doc;
  }

  static Map<String, Object> json(DeadLetter d, String duplicateOf) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dlqTopic", d.dlqTopic());
    m.put("partition", d.partition());
    m.put("offset", d.offset());
    m.put("timestamp", d.timestamp().toString());
    m.put("originTopic", d.originTopic());
    m.put("originPartition", d.originPartition() < 0 ? null : d.originPartition());
    m.put("originOffset", d.originOffset() < 0 ? null : d.originOffset());
    m.put("service", d.service());
    m.put("reason", d.reason());
    m.put("cause", d.cause());
    m.put("failure", d.failure());
    m.put("key", d.key());
    m.put("valueBytes", d.value() == null ? null : d.value().length);
    m.put("valuePreview", d.valuePreview(PREVIEW_CHARS));
    m.put("replayedFrom", d.replayedFrom());
    m.put("duplicateOf", duplicateOf);
    return m;
  }
}
