package dev.defuse.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.defuse.common.events.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A disturbed run against the undisturbed one.
 *
 * <p>The result is the same when four things are: the mistakes ({@code mistakes} topic: every {@code MistakeFound}
 * with its image, labels, latent code, ‖ε‖ and tensor checksum, the shard and identify completions), the regions
 * ({@code regions}: weights, means, covariances, sample checksums, predictions), the labeling decisions ({@code labels}
 * plus labeling-service's regions, items and every raw vote in PostgreSQL) and the model ({@code finetuned-models}
 * plus correction-service's sweep with each point's metrics, the summary and the registry). Values are compared
 * exactly; a difference names its path and the largest numeric gap.
 *
 * <p>Counting: <b>lost</b> = facts, votes or objects of the undisturbed run missing from the disturbed one;
 * <b>duplicated</b> = effects that happened twice — a fact re-sent under a second event id (consumers deduplicate by
 * id, so they would act on it twice), a vote or labeling row stored twice, a second registered model;
 * <b>raw duplicates</b> = the same event id on a topic more than once, harmless because every consumer deduplicates.
 */
final class Comparison {

  /** The four parts of the result, and the topic each starts from. */
  static final Map<String, String> ASPECTS = Map.of("mistakes", Topics.MISTAKES, "regions", Topics.REGIONS,
      "decisions", Topics.LABELS, "model", Topics.FINETUNED_MODELS);
  /** Object-store differences beyond the four parts (tensor or parameter bytes, extra documents). */
  static final String OBJECTS = "objects";

  /**
   * @param differences aspect → what differs (empty: identical); {@link #OBJECTS} is informational
   */
  record Verdict(boolean identical, Map<String, String> differences, int lost, List<String> lostDetail,
      int duplicated, List<String> duplicatedDetail, int rawDuplicates) {}

  private Comparison() {
  }

  static Verdict of(JobSnapshot expected, JobSnapshot actual) {
    Map<String, String> differences = new LinkedHashMap<>();
    for (String aspect : List.of("mistakes", "regions", "decisions", "model")) {
      String topic = ASPECTS.get(aspect);
      Canonical.Diff d = Canonical.diffKeyed(expected.facts().getOrDefault(topic, Map.of()),
          actual.facts().getOrDefault(topic, Map.of()));
      if (aspect.equals("decisions")) {
        addAll(d, "labeling regions", Canonical.diffKeyed(expected.regions(), actual.regions()));
        addAll(d, "labeling items", Canonical.diffKeyed(expected.items(), actual.items()));
        addAll(d, "stored votes",
            Canonical.diffKeyed(firstLabels(expected.votes()), firstLabels(actual.votes())));
      } else if (aspect.equals("model")) {
        Canonical.diff("correction-service job", expected.correction(), actual.correction(), d);
        if (expected.models() != actual.models()) {
          d.add("registry", expected.models() + " models for the job → " + actual.models());
        }
      }
      List<String> conflicts = actual.conflicts().stream().filter(c -> c.startsWith(topic + ":")).toList();
      StringBuilder text = new StringBuilder(d.empty() ? "" : d.toString());
      if (!conflicts.isEmpty()) {
        text.append(text.isEmpty() ? "" : "; ").append("carried twice with different content: ")
            .append(String.join("; ", conflicts));
      }
      if (!text.isEmpty()) {
        differences.put(aspect, text.toString());
      }
    }
    boolean identical = differences.isEmpty();
    Canonical.Diff objects = new Canonical.Diff();
    for (Map.Entry<String, String> e : actual.objects().entrySet()) {
      String before = expected.objects().get(e.getKey());
      if (before == null) {
        objects.add(e.getKey(), "only in the disturbed run");
      } else if (!before.equals(e.getValue())) {
        objects.add(e.getKey(), "other bytes");
      }
    }
    if (!objects.empty()) {
      differences.put(OBJECTS, objects.toString());
    }

    List<String> lostDetail = new ArrayList<>();
    int lost = 0;
    for (String topic : expected.facts().keySet()) {
      List<String> missing = expected.facts().get(topic).keySet().stream()
          .filter(k -> !actual.facts().getOrDefault(topic, Map.of()).containsKey(k)).toList();
      lost += missing.size();
      if (!missing.isEmpty()) {
        lostDetail.add(topic + ": " + missing.size() + " facts (" + abbreviate(missing) + ")");
      }
    }
    List<String> missingVotes = expected.votes().keySet().stream().filter(k -> !actual.votes().containsKey(k))
        .toList();
    lost += missingVotes.size();
    if (!missingVotes.isEmpty()) {
      lostDetail.add("votes in PostgreSQL: " + missingVotes.size() + " (" + abbreviate(missingVotes) + ")");
    }
    List<String> missingObjects = expected.objects().keySet().stream().filter(k -> !actual.objects().containsKey(k))
        .toList();
    lost += missingObjects.size();
    if (!missingObjects.isEmpty()) {
      lostDetail.add("objects in S3: " + missingObjects.size() + " (" + abbreviate(missingObjects) + ")");
    }

    List<String> duplicatedDetail = new ArrayList<>();
    int duplicated = 0;
    int rawDuplicates = 0;
    for (Map.Entry<String, TopicCount> e : actual.topics().entrySet()) {
      rawDuplicates += e.getValue().rawDuplicates();
      if (e.getValue().factDuplicates() > 0) {
        duplicated += e.getValue().factDuplicates();
        duplicatedDetail.add(e.getKey() + ": " + e.getValue().factDuplicates() + " facts re-sent under a new event id");
      }
    }
    int doubleVotes = actual.votes().values().stream().mapToInt(v -> v.size() - 1).sum();
    if (doubleVotes > 0) {
      duplicated += doubleVotes;
      duplicatedDetail.add("votes stored twice in PostgreSQL: " + doubleVotes);
    }
    for (Map.Entry<String, Integer> e : actual.storeDuplicates().entrySet()) {
      duplicated += e.getValue();
      duplicatedDetail.add(e.getKey() + " stored twice: " + e.getValue());
    }
    if (actual.models() > expected.models()) {
      duplicated += actual.models() - expected.models();
      duplicatedDetail.add("models registered for the job: " + actual.models() + " (undisturbed: "
          + expected.models() + ")");
    }
    return new Verdict(identical, differences, lost, lostDetail, duplicated, duplicatedDetail, rawDuplicates);
  }

  private static void addAll(Canonical.Diff into, String what, Canonical.Diff from) {
    if (!from.empty()) {
      into.add(what, from.toString());
    }
  }

  /** The label of each stored vote (the first, if it was stored twice: duplicates are counted elsewhere). */
  private static Map<String, JsonNode> firstLabels(Map<String, List<JsonNode>> votes) {
    Map<String, JsonNode> labels = new TreeMap<>();
    votes.forEach((key, list) -> labels.put(key, list.isEmpty() ? JsonNodeFactory.instance.nullNode()
        : list.get(0) == null ? TextNode.valueOf("null") : list.get(0)));
    return labels;
  }

  private static String abbreviate(List<String> keys) {
    return keys.size() <= 3 ? String.join(", ", keys) : String.join(", ", keys.subList(0, 3)) + ", …";
  }
}
