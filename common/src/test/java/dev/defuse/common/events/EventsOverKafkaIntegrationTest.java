package dev.defuse.common.events;

import dev.defuse.testsupport.KafkaTestClient;
import dev.defuse.testsupport.LocalStackEndpoints;
import dev.defuse.testsupport.LocalStackExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type through the real broker of the local stack, on its real topic, with the serde configured by
 * class name as the services configure it.
 */
@ExtendWith(LocalStackExtension.class)
class EventsOverKafkaIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theStackCreatesEveryTopicAndItsDeadLetterTopic(LocalStackEndpoints stack) {
        try (KafkaTestClient kafka = new KafkaTestClient(stack.kafkaBootstrapServers())) {
            assertThat(kafka.topics()).containsAll(Topics.ALL)
                    .contains(Topics.dlq(Topics.MISTAKES), Topics.dlq(Topics.REGIONS), Topics.dlq(Topics.LABELS),
                            Topics.dlq(Topics.FINETUNED_MODELS));
        }
    }

    @Test
    void everyEventTypeRoundTripsThroughItsTopic(LocalStackEndpoints stack) {
        String job = "kafka-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<DefuseEvent> sent = SampleEvents.all(job);

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
        try (KafkaProducer<String, DefuseEvent> producer = new KafkaProducer<>(producerProps)) {
            for (DefuseEvent event : sent) {
                producer.send(new ProducerRecord<>(event.topic(), event.partitionKey(), event));
            }
            producer.flush();
        }

        Map<UUID, DefuseEvent> expected = sent.stream()
                .collect(Collectors.toMap(DefuseEvent::eventId, Function.identity()));
        Map<UUID, ConsumerRecord<String, DefuseEvent>> received = new HashMap<>();
        try (KafkaConsumer<String, DefuseEvent> consumer = new KafkaConsumer<>(consumerProps(stack))) {
            consumer.subscribe(sent.stream().map(DefuseEvent::topic).distinct().toList());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!received.keySet().containsAll(expected.keySet()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, DefuseEvent> record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() != null && expected.containsKey(record.value().eventId())) {
                        received.put(record.value().eventId(), record);
                    }
                }
            }
        }

        assertThat(received.keySet()).as("event ids received within %s", TIMEOUT)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (DefuseEvent event : sent) {
            ConsumerRecord<String, DefuseEvent> record = received.get(event.eventId());
            assertThat(record.value()).isEqualTo(event).hasSameClassAs(event);
            assertThat(record.topic()).isEqualTo(event.topic());
            assertThat(record.key()).isEqualTo(event.partitionKey());
            assertThat(record.serializedValueSize()).isLessThan(10_000);
        }
        assertThat(received.values().stream().<Class<?>>map(r -> r.value().getClass()).distinct())
                .containsExactlyInAnyOrder(DefuseEvent.class.getPermittedSubclasses());
    }

    @Test
    void aConsumerSeesAMalformedRecordAsAClearDeserializationError(LocalStackEndpoints stack) {
        String topic = "common-it-malformed-" + UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(stack.kafkaBootstrapServers())) {
            kafka.createTopic(topic, 1);
            kafka.send(topic, "job-x", "{\"type\":\"MistakeLost\",\"schemaVersion\":1}");
        }
        try (KafkaConsumer<String, DefuseEvent> consumer = new KafkaConsumer<>(consumerProps(stack))) {
            consumer.subscribe(List.of(topic));
            List<Throwable> errors = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (errors.isEmpty() && System.nanoTime() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(250));
                } catch (RecordDeserializationException e) {
                    errors.add(e);
                }
            }
            assertThat(errors).singleElement().satisfies(e -> assertThat(e.getCause())
                    .isInstanceOf(EventFormatException.class)
                    .hasMessageContaining("record on topic '" + topic + "'")
                    .hasMessageContaining("unknown type 'MistakeLost'"));
        }
    }

    private static Properties consumerProps(LocalStackEndpoints stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "common-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventDeserializer.class.getName());
        return props;
    }
}
