package dev.defuse.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Record values a consumer must send to its dead-letter topic instead of processing (and instead of stopping on),
 * derived from the JSON of a valid event so each test names only what makes it invalid. Plain string edits: this
 * module does not depend on the event classes.
 */
public final class PoisonRecords {

  /**
   * A poison value and a fragment the deserializer's reason for refusing it contains (the
   * {@code dead-letter-reason} header).
   */
  public record Poison(String description, byte[] value, String reasonFragment) {

    public String text() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  private static final Pattern SCHEMA_VERSION = Pattern.compile("\"schemaVersion\"\\s*:\\s*\\d+");

  private PoisonRecords() {}

  /** Bytes that are not JSON at all. */
  public static Poison garbage() {
    return new Poison("garbage", "this is {not an event".getBytes(StandardCharsets.UTF_8), "is not valid JSON");
  }

  /** The event with a schema version this build does not read. */
  public static Poison wrongSchemaVersion(String eventJson) {
    return new Poison("schema version 99", replace(eventJson, SCHEMA_VERSION, "\"schemaVersion\":99"),
        "unsupported schemaVersion 99");
  }

  /** The event with the number {@code field} set to {@code value}, which the event's own checks refuse. */
  public static Poison withNumber(String eventJson, String field, long value, String reasonFragment) {
    Pattern number = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*-?[0-9.eE+-]+");
    return new Poison(field + "=" + value, replace(eventJson, number, "\"" + field + "\":" + value), reasonFragment);
  }

  /** The event without its string field {@code field} (e.g. the job id). */
  public static Poison without(String eventJson, String field) {
    Pattern string = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"[^\"]*\"\\s*,?");
    return new Poison("no " + field, replace(eventJson, string, ""), "missing field(s) [" + field + "]");
  }

  /** Publishes the values to {@code topic} with record key {@code key}, in order; returns where each one landed. */
  public static Map<Poison, RecordMetadata> publish(KafkaTestClient kafka, String topic, String key,
      List<Poison> poisons) {
    Map<Poison, RecordMetadata> sent = new LinkedHashMap<>();
    for (Poison poison : poisons) {
      sent.put(poison, kafka.send(topic, key, poison.value(), new ByteArraySerializer()));
    }
    return sent;
  }

  private static byte[] replace(String json, Pattern pattern, String replacement) {
    Matcher m = pattern.matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("no match for " + pattern + " in " + json);
    }
    String edited = m.replaceFirst(Matcher.quoteReplacement(replacement));
    return edited.getBytes(StandardCharsets.UTF_8);
  }
}
