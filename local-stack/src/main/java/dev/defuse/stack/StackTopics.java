package dev.defuse.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The topics the local stack creates. The services' own list of names is
 * {@code dev.defuse.common.events.Topics}; this one adds what the stack needs to create them (partition counts)
 * and is deliberately free of dependencies so the launcher can use it.
 */
public final class StackTopics {

  /** Work topics: one record per unit of work, keyed so a job's work spreads over partitions. */
  public static final List<String> WORK_TOPICS = List.of("identify-shards", "correction-sweep");

  /** Event topics between the stages, keyed by job id. */
  public static final List<String> EVENT_TOPICS = List.of("mistakes", "regions", "labels", "finetuned-models");

  /** Suffix of the dead-letter topic of each topic (poison records of work and event topics alike). */
  public static final String DEAD_LETTER_SUFFIX = "-dlq";

  private StackTopics() {}

  /** Every topic with the given partition counts: work topics, event topics and the dead-letter topic of each. */
  public static List<TopicSpec> all(int workPartitions, int eventPartitions) {
    List<TopicSpec> topics = new ArrayList<>();
    WORK_TOPICS.forEach(t -> topics.add(new TopicSpec(t, workPartitions)));
    EVENT_TOPICS.forEach(t -> topics.add(new TopicSpec(t, eventPartitions)));
    // dead-letter topics are low-volume: one partition count for all of them
    WORK_TOPICS.forEach(t -> topics.add(new TopicSpec(t + DEAD_LETTER_SUFFIX, eventPartitions)));
    EVENT_TOPICS.forEach(t -> topics.add(new TopicSpec(t + DEAD_LETTER_SUFFIX, eventPartitions)));
    return List.copyOf(topics);
  }

  /** Every topic with the default partition counts. */
  public static List<TopicSpec> defaults() {
    return all(StackDefaults.WORK_PARTITIONS, StackDefaults.EVENT_PARTITIONS);
  }
}
