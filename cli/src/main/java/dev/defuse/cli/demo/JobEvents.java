package dev.defuse.cli.demo;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventDeserializer;
import dev.defuse.common.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads back what the pipeline's event topics carried for one job, from the beginning up to the current end of every
 * partition, without joining a consumer group (so it never disturbs the services' offsets).
 */
public final class JobEvents {

  /** The event topics in pipeline order. */
  public static final List<String> TOPICS =
      List.of(Topics.MISTAKES, Topics.REGIONS, Topics.LABELS, Topics.FINETUNED_MODELS);

  /** One record: its topic, broker timestamp and event. */
  public record Record(String topic, Instant timestamp, DefuseEvent event) {}

  private JobEvents() {
  }

  /** The job's records by topic, each list in partition order (one job's events share a partition). */
  public static Map<String, List<Record>> read(String bootstrapServers, String jobId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "defuse-demo-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    Map<String, List<Record>> byTopic = new HashMap<>();
    try (KafkaConsumer<String, DefuseEvent> consumer =
             new KafkaConsumer<>(props, new StringDeserializer(), new EventDeserializer())) {
      for (String topic : TOPICS) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        List<Record> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("reading topic " + topic + " did not reach its end within 2 minutes");
          }
          for (ConsumerRecord<String, DefuseEvent> r : consumer.poll(Duration.ofMillis(500))) {
            if (jobId.equals(r.key()) && r.value() != null && jobId.equals(r.value().jobId())) {
              records.add(new Record(topic, Instant.ofEpochMilli(r.timestamp()), r.value()));
            }
          }
        }
        byTopic.put(topic, records);
      }
    }
    return byTopic;
  }
}
