package dev.defuse.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON made comparable across two runs of the same job: fields that name the run rather than the result (event ids,
 * timestamps, database ids, the vendor created for the run) are dropped, the job id inside any text (object keys,
 * model ids) becomes {@code {job}}, and lists of votes are ordered by annotator (an item's votes are a set; they are
 * listed in the order the annotators happened to vote). {@link #diff} then says where two such documents differ.
 */
final class Canonical {

  /** Stands for the job id in canonical text. */
  static final String JOB = "{job}";
  /**
   * Fields that identify a run, a record or a row, or say how it went (where, when, how long, how many attempts),
   * never what came out. Besides these, every {@code …At} timestamp and every {@code seconds}/{@code …Seconds}
   * duration is dropped ({@link #runField}).
   */
  static final Set<String> RUN_FIELDS = Set.of("eventId", "jobId", "occurredAt", "vendorId", "voteId", "itemId",
      "assignmentId", "since", "worker", "attempts");

  /** Votes carry the annotator who cast them. */
  private static final String ANNOTATOR = "annotatorId";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN = 4;

  private Canonical() {
  }

  /** A canonical deep copy of {@code node}. */
  static JsonNode of(JsonNode node, String jobId) {
    if (node == null) {
      return JSON.nullNode();
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      // sorted field names: two documents differing only in field order are equal
      for (String name : new TreeSet<>(iterable(node.fieldNames()))) {
        if (!runField(name)) {
          copy.set(name, of(node.get(name), jobId));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      List<JsonNode> elements = new ArrayList<>();
      node.forEach(element -> elements.add(of(element, jobId)));
      if (!elements.isEmpty() && elements.stream().allMatch(e -> e.has(ANNOTATOR))) {
        // an item's votes are a set: their order is the order annotators happened to vote in
        elements.sort(Comparator.comparing((JsonNode e) -> e.get(ANNOTATOR).asText())
            .thenComparing(JsonNode::toString));
      }
      ArrayNode copy = JSON.createArrayNode();
      elements.forEach(copy::add);
      return copy;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(node.asText().replace(jobId, JOB));
    }
    return node.deepCopy();
  }

  static boolean runField(String name) {
    return RUN_FIELDS.contains(name) || name.endsWith("At") || name.equals("seconds") || name.endsWith("Seconds")
        || name.endsWith("_seconds");
  }

  /** Where two canonical documents differ: a few paths, how many in all, the largest numeric difference. */
  static final class Diff {
    private final List<String> shown = new ArrayList<>();
    private int count;
    private double maxNumeric;

    boolean empty() {
      return count == 0;
    }

    int count() {
      return count;
    }

    void add(String path, String what) {
      count++;
      if (shown.size() < SHOWN) {
        shown.add(path + ": " + what);
      }
    }

    @Override
    public String toString() {
      return String.join("; ", shown) + (count > shown.size() ? "; … " + (count - shown.size()) + " more" : "")
          + (maxNumeric > 0 ? String.format(Locale.ROOT, " (largest numeric difference %.3g)", maxNumeric) : "");
    }
  }

  /** Adds to {@code out} every leaf where {@code a} and {@code b} differ, with its path under {@code path}. */
  static void diff(String path, JsonNode a, JsonNode b, Diff out) {
    if (a.isNumber() && b.isNumber()) {
      if (a.asDouble() != b.asDouble()) {
        out.maxNumeric = Math.max(out.maxNumeric, Math.abs(a.asDouble() - b.asDouble()));
        out.add(path, a.asText() + " → " + b.asText());
      }
      return;
    }
    if (a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>(iterable(a.fieldNames()));
      names.addAll(iterable(b.fieldNames()));
      for (String name : names) {
        JsonNode x = a.get(name);
        JsonNode y = b.get(name);
        if (x == null || y == null) {
          out.add(path + "." + name, x == null ? "only in the disturbed run" : "missing in the disturbed run");
        } else {
          diff(path + "." + name, x, y, out);
        }
      }
      return;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        out.add(path, a.size() + " elements → " + b.size());
        return;
      }
      for (int i = 0; i < a.size(); i++) {
        diff(path + "[" + i + "]", a.get(i), b.get(i), out);
      }
      return;
    }
    if (!a.equals(b)) {
      out.add(path, abbreviate(a) + " → " + abbreviate(b));
    }
  }

  /** Compares two keyed collections of canonical documents. */
  static Diff diffKeyed(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
    Diff out = new Diff();
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      JsonNode x = expected.get(key);
      JsonNode y = actual.get(key);
      if (x == null) {
        out.add(key, "only in the disturbed run");
      } else if (y == null) {
        out.add(key, "missing in the disturbed run");
      } else {
        diff(key, x, y, out);
      }
    }
    return out;
  }

  private static String abbreviate(JsonNode node) {
    String text = node.isTextual() ? node.asText() : node.toString();
    return text.length() <= 40 ? text : text.substring(0, 37) + "…";
  }

  private static List<String> iterable(Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
