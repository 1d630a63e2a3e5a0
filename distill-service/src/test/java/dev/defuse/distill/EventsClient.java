package dev.defuse.distill;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventDeserializer;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes to {@code mistakes} as identify does (key = job id) and reads what distill publishes on {@code regions}. */
public final class EventsClient implements AutoCloseable {

  private final String bootstrap;
  private final KafkaProducer<String, DefuseEvent> producer;

  public EventsClient(String bootstrap) {
    this.bootstrap = bootstrap;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new EventSerializer());
  }

  /** Sends the events to {@code mistakes} in order and waits for the broker. */
  public void send(List<? extends DefuseEvent> events) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (DefuseEvent e : events) {
      sent.add(producer.send(new ProducerRecord<>(Topics.MISTAKES, e.partitionKey(), e)));
    }
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException("cannot send to " + Topics.MISTAKES, e);
      }
    }
  }

  public void send(DefuseEvent... events) {
    send(List.of(events));
  }

  /** Sends a raw value (e.g. an unreadable record) to {@code mistakes}. */
  public void sendRaw(String key, byte[] value) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(p, new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(Topics.MISTAKES, key, value)).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot send to " + Topics.MISTAKES, e);
    }
  }

  /**
   * Everything on {@code regions} for the job: waits up to {@code timeout} until {@code expected} records arrived,
   * then keeps reading for {@code quiet} so that anything published more than expected shows up too.
   */
  public List<DefuseEvent> regions(String jobId, int expected, Duration timeout, Duration quiet) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<DefuseEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, DefuseEvent> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
      consumer.subscribe(List.of(Topics.REGIONS));
      Instant deadline = Instant.now().plus(timeout);
      Instant quietUntil = null;
      while (true) {
        Instant now = Instant.now();
        if (quietUntil == null && (events.size() >= expected || now.isAfter(deadline))) {
          quietUntil = now.plus(quiet);
        }
        if (quietUntil != null && now.isAfter(quietUntil)) {
          return events;
        }
        for (ConsumerRecord<String, DefuseEvent> r : consumer.poll(Duration.ofMillis(200))) {
          if (jobId.equals(r.key())) {
            events.add(r.value());
          }
        }
      }
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
