package dev.defuse.stack;

/** A Kafka topic the stack creates, with its partition count (replication factor is always 1 locally). */
public record TopicSpec(String name, int partitions) {

  public TopicSpec {
    if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("invalid Kafka topic name: '" + name + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, got " + partitions);
    }
  }

  /** Parses {@code name:partitions}. */
  public static TopicSpec parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected topic as name:partitions, got '" + text + "'");
    }
    try {
      return new TopicSpec(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected topic as name:partitions, got '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return name + ":" + partitions;
  }
}
