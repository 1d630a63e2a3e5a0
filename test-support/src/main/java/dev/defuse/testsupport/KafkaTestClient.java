package dev.defuse.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for tests: create topics, send records, read a topic from the beginning. Topics are never
 * auto-created on the local broker, so a test that needs its own topic creates it here.
 */
public final class KafkaTestClient implements AutoCloseable {

  private final String bootstrapServers;
  private final Admin admin;

  public KafkaTestClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(p);
  }

  /** A client for the test JVM's shared local stack. */
  public static KafkaTestClient forSharedStack() {
    return new KafkaTestClient(SharedLocalStack.get().kafkaBootstrapServers());
  }

  /** Creates the topic unless it exists. */
  public void createTopic(String name, int partitions) {
    try {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  /** The names of the broker's topics. */
  public Set<String> topics() {
    try {
      return admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    }
  }

  /** Sends one record and waits for the broker's acknowledgement. */
  public <V> RecordMetadata send(String topic, String key, V value, Serializer<V> valueSerializer) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, V> producer = new KafkaProducer<>(p, new StringSerializer(), valueSerializer)) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot send to " + topic + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topic, e);
    }
  }

  public RecordMetadata send(String topic, String key, String value) {
    return send(topic, key, value, new StringSerializer());
  }

  /**
   * Reads the topic from the beginning with a fresh consumer group until {@code count} records arrived; fails
   * with the records seen so far when they do not arrive within {@code timeout}.
   */
  public <K, V> List<ConsumerRecord<K, V>> consume(String topic, int count, Duration timeout,
                                                   Deserializer<K> keys, Deserializer<V> values) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    if (records.size() < count) {
      throw new AssertionError("expected " + count + " records on " + topic + " within " + timeout + ", got "
          + records.size() + ": " + records);
    }
    return records;
  }

  public List<ConsumerRecord<String, String>> consume(String topic, int count, Duration timeout) {
    return consume(topic, count, timeout, new StringDeserializer(), new StringDeserializer());
  }

  /**
   * Reads the topic from the beginning with a fresh consumer group until {@code count} records with key {@code key}
   * arrived (values as bytes, headers included); fails with those seen when they do not arrive within
   * {@code timeout}. For topics several tests share, such as dead-letter topics.
   */
  public List<ConsumerRecord<String, byte[]>> consumeKey(String topic, String key, int count, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(r.key())) {
            records.add(r);
          }
        }
      }
    }
    if (records.size() < count) {
      throw new AssertionError("expected " + count + " records with key " + key + " on " + topic + " within "
          + timeout + ", got " + records.size());
    }
    return records;
  }

  /**
   * The offset consumer group {@code group} committed on a partition (the next record it will read), or -1 when it
   * committed none there.
   */
  public long committed(String group, String topic, int partition) {
    try {
      OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
          .get(new TopicPartition(topic, partition));
      return committed == null ? -1 : committed.offset();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e.getCause().getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the offsets of group " + group, e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
