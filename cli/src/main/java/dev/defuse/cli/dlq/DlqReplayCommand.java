package dev.defuse.cli.dlq;

import dev.defuse.cli.stack.JsonOutput;
import dev.defuse.common.messaging.DeadLetter;
import dev.defuse.common.messaging.DeadLetterHeaders;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse dlq replay}: sends dead letters back to the topic they came from. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Re-publish dead-lettered records to the topic they came from, with their original key, value and headers, "
            + "and a " + DeadLetterHeaders.REPLAYED_FROM + " header naming the dead letter. Do it once the cause is "
            + "fixed (e.g. the missing model uploaded, or a service that reads a newer schema deployed).",
        "Every consumer group of the origin topic receives the record again; the services deduplicate by event id, "
            + "so replaying a record that was in fact processed changes nothing.",
        "A replayed record that fails again comes back with the header: it and the dead letter it was replayed "
            + "from are skipped, so replays never loop; --force replays them anyway."})
final class DlqReplayCommand implements Callable<Integer> {

  /** Which records: one offset, or all. */
  static final class Selection {
    @Option(names = "--offset", paramLabel = "N", description = "The dead letter at this offset of the dlq topic.")
    Long offset;

    @Option(names = "--all", description = "Every dead letter of the topic (except replays that failed again).")
    boolean all;
  }

  @Spec
  CommandSpec spec;

  @Mixin
  BrokerOptions broker;

  @Mixin
  JsonOutput json;

  @Option(names = "--topic", required = true, paramLabel = "TOPIC",
      description = "The dead-letter topic (regions-dlq, or just regions).")
  String topic;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  @Option(names = "--partition", paramLabel = "P",
      description = "Partition of --offset on the dlq topic (needed only when several partitions have that offset).")
  Integer partition;

  @Option(names = "--dry-run", description = "Show what would be replayed; publish nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Also replay records that already failed again after a replay.")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String servers;
    List<DeadLetter> chosen;
    Map<String, String> failedAgain = new HashMap<>();
    Map<String, String> duplicates;
    try {
      servers = broker.bootstrapServers();
      try (DeadLetterTopics topics = new DeadLetterTopics(servers)) {
        List<DeadLetter> letters = topics.read(DeadLetterTopics.dlqTopic(topic));
        // a dead letter whose replay failed again: the later one names it
        letters.stream().filter(DeadLetter::failedAfterReplay).forEach(d -> failedAgain.put(d.replayedFrom(), d.id()));
        duplicates = DeadLetterTopics.duplicates(letters);
        chosen = choose(letters);
      }
    } catch (IllegalArgumentException | IllegalStateException | org.apache.kafka.common.KafkaException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }

    List<Map<String, Object>> replayed = new ArrayList<>();
    List<Map<String, Object>> skipped = new ArrayList<>();
    try (DeadLetterReplayer replayer = dryRun ? null : new DeadLetterReplayer(servers)) {
      for (DeadLetter d : chosen) {
        String why = skipReason(d, failedAgain.get(d.id()), duplicates.get(d.id()));
        if (why != null) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("deadLetter", d.id());
          entry.put("reason", why);
          skipped.add(entry);
          if (!json.enabled()) {
            out.printf("skipped %s: %s%n", d.id(), why);
          }
          continue;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("deadLetter", d.id());
        entry.put("topic", d.originTopic());
        entry.put("key", d.key());
        if (dryRun) {
          if (!json.enabled()) {
            out.printf("would replay %s to %s (key %s, %d bytes): %s%n", d.id(), d.originTopic(), d.key(),
                d.value() == null ? 0 : d.value().length, d.reason());
          }
        } else {
          DeadLetterReplayer.Replayed to = replayer.replay(d);
          entry.put("partition", to.partition());
          entry.put("offset", to.offset());
          if (!json.enabled()) {
            out.printf("replayed %s to %s (key %s)%n", d.id(), to.where(), d.key());
          }
        }
        replayed.add(entry);
      }
    } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
      err.println("error: " + e.getMessage() + " (" + replayed.size() + " replayed before it)");
      return 1;
    }

    if (json.enabled()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("dryRun", dryRun);
      doc.put(dryRun ? "wouldReplay" : "replayed", replayed);
      doc.put("skipped", skipped);
      json.print(out, doc);
    } else {
      out.printf("%s %d record%s from %s%s%n", dryRun ? "Would replay" : "Replayed", replayed.size(),
          replayed.size() == 1 ? "" : "s", DeadLetterTopics.dlqTopic(topic),
          skipped.isEmpty() ? "" : ", skipped " + skipped.size());
      out.flush();
    }
    return 0;
  }

  /** The records the options select; an {@link IllegalArgumentException} when {@code --offset} matches none. */
  private List<DeadLetter> choose(List<DeadLetter> letters) {
    if (selection.all) {
      if (partition != null) {
        throw new IllegalArgumentException("--partition goes with --offset, not --all");
      }
      return letters;
    }
    String dlq = DeadLetterTopics.dlqTopic(topic);
    List<DeadLetter> matching = letters.stream().filter(d -> d.offset() == selection.offset)
        .filter(d -> partition == null || d.partition() == partition).toList();
    if (matching.isEmpty()) {
      throw new IllegalArgumentException("no dead letter at offset " + selection.offset
          + (partition == null ? "" : " of partition " + partition) + " on " + dlq + " (see ./defuse dlq list --topic "
          + dlq + ")");
    }
    if (matching.size() > 1) {
      throw new IllegalArgumentException("offset " + selection.offset + " exists in partitions "
          + matching.stream().map(d -> Integer.toString(d.partition())).toList() + " of " + dlq
          + ": add --partition");
    }
    return matching;
  }

  /**
   * Why {@code d} is not replayed, or null.
   *
   * @param failedAgain the dead letter of an earlier replay of {@code d} that failed again, or null
   * @param duplicateOf an earlier dead letter of the same original record, or null
   */
  private String skipReason(DeadLetter d, String failedAgain, String duplicateOf) {
    if (d.originTopic() == null) {
      return "it has no " + DeadLetterHeaders.TOPIC + " header, so its origin is unknown";
    }
    if (force) {
      return null;
    }
    String hint = selection.all ? "" : " (--force replays it anyway)";
    if (duplicateOf != null) {
      return "it is the same record as " + duplicateOf + " (dead-lettered again after a restart)" + hint;
    }
    if (d.failedAfterReplay()) {
      return "it failed again after being replayed from " + d.replayedFrom() + hint;
    }
    if (failedAgain != null) {
      return "it was replayed before and failed again as " + failedAgain + hint;
    }
    return null;
  }
}
