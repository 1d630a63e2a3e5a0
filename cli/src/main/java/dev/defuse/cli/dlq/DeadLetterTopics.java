package dev.defuse.cli.dlq;

import dev.defuse.common.events.Topics;
import dev.defuse.common.messaging.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads dead-letter topics from the beginning to their current end without joining a consumer group, so looking
 * never moves anyone's offsets.
 */
final class DeadLetterTopics implements AutoCloseable {

  /** How long the broker may take to answer a metadata or offsets request. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  /** How long reading one topic to its end may take. */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  private final String bootstrapServers;
  private final KafkaConsumer<String, byte[]> consumer;

  DeadLetterTopics(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "defuse-dlq-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** The pipeline's dead-letter topics, in pipeline order. */
  static List<String> pipelineTopics() {
    return Topics.ALL.stream().map(Topics::dlq).toList();
  }

  /** The dead-letter topic a user means: {@code regions} and {@code regions-dlq} both mean {@code regions-dlq}. */
  static String dlqTopic(String name) {
    String topic = name.strip();
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("--topic must name a topic, e.g. regions or regions-dlq");
    }
    return topic.endsWith(Topics.DLQ_SUFFIX) ? topic : Topics.dlq(topic);
  }

  /** Whether the broker has the topic. */
  boolean exists(String topic) {
    return !partitions(topic).isEmpty();
  }

  /** The topic's partitions; empty if it does not exist. */
  List<TopicPartition> partitions(String topic) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, REQUEST_TIMEOUT);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " within " + REQUEST_TIMEOUT
          + " (is the broker running?)", e);
    }
    return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
  }

  /** Every record of the topic up to its current end, by partition then offset. */
  List<DeadLetter> read(String topic) {
    List<TopicPartition> partitions = partitions(topic);
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("topic " + topic + " does not exist on " + bootstrapServers);
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
    List<DeadLetter> letters = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p, REQUEST_TIMEOUT) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("reading " + topic + " did not reach its end within " + READ_TIMEOUT);
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
          letters.add(DeadLetter.from(r));
        }
      }
    }
    consumer.unsubscribe();
    letters.sort(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
    return letters;
  }

  /**
   * Dead letters of the same original record as an earlier one (same origin topic, partition and offset), by id,
   * with the id of the first. SmallRye commits an offset only up to a record the consumer received, so a record
   * dead-lettered by the connector as the last one of its partition can be read and dead-lettered again after a
   * restart.
   */
  static Map<String, String> duplicates(List<DeadLetter> letters) {
    Map<String, String> firstByOrigin = new HashMap<>();
    Map<String, String> duplicates = new HashMap<>();
    for (DeadLetter d : letters) {
      if (d.originTopic() == null || d.originPartition() < 0 || d.originOffset() < 0) {
        continue;
      }
      String first = firstByOrigin.putIfAbsent(d.origin(), d.id());
      if (first != null) {
        duplicates.put(d.id(), first);
      }
    }
    return duplicates;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
