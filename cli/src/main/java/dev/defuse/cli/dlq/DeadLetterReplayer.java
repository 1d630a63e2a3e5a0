package dev.defuse.cli.dlq;

import dev.defuse.common.messaging.DeadLetter;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Re-publishes dead letters to the topic they came from, with their original key, value and headers and a
 * {@code dead-letter-replayed-from} header naming the dead letter; the producer is idempotent and waits for every
 * in-sync replica ({@code acks=all}), so a replay that returns is durable.
 */
final class DeadLetterReplayer implements AutoCloseable {

  /** Where a replayed record landed. */
  record Replayed(String topic, int partition, long offset) {
    String where() {
      return topic + "-" + partition + "@" + offset;
    }
  }

  private final KafkaProducer<String, byte[]> producer;

  DeadLetterReplayer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(DeadLetterTopics.REQUEST_TIMEOUT.toMillis()));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "defuse-dlq-replay");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Publishes {@code letter} to its origin topic and waits for the broker's acknowledgement. */
  Replayed replay(DeadLetter letter) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(letter.originTopic(), null, letter.key(),
        letter.value(), letter.replayHeaders());
    try {
      RecordMetadata m = producer.send(record).get(2, TimeUnit.MINUTES);
      return new Replayed(m.topic(), m.partition(), m.offset());
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker refused the replay of " + letter.id() + " to "
          + letter.originTopic() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the broker did not acknowledge the replay of " + letter.id(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replaying " + letter.id(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
