package dev.defuse.identify.it;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventDeserializer;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Reads one job's events from the {@code mistakes} topic, from the beginning, without joining a group. */
final class MistakesReader {

    /** A job's events as a downstream consumer sees them. */
    record JobEvents(List<DefuseEvent> all) {

        List<MistakeFound> mistakes() {
            return all.stream().filter(MistakeFound.class::isInstance).map(MistakeFound.class::cast).toList();
        }

        /** Mistakes after deduplication by event id (what an idempotent consumer keeps). */
        Collection<MistakeFound> distinctMistakes() {
            Map<UUID, MistakeFound> byId = new LinkedHashMap<>();
            mistakes().forEach(m -> byId.putIfAbsent(m.eventId(), m));
            return byId.values();
        }

        List<ShardCompleted> shardCompletions() {
            return all.stream().filter(ShardCompleted.class::isInstance).map(ShardCompleted.class::cast).toList();
        }

        List<IdentifyCompleted> completions() {
            return all.stream().filter(IdentifyCompleted.class::isInstance).map(IdentifyCompleted.class::cast)
                    .toList();
        }
    }

    private MistakesReader() {
    }

    /**
     * The job's events up to its {@code IdentifyCompleted} and for {@code linger} after it (to catch duplicates).
     * Fails if no completion arrives within {@code timeout}.
     */
    static JobEvents awaitCompletion(String bootstrap, String jobId, Duration timeout, Duration linger) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<DefuseEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, DefuseEvent> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MISTAKES).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long stopAt = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, stopAt)) {
                for (ConsumerRecord<String, DefuseEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && jobId.equals(record.value().jobId())) {
                        events.add(record.value());
                        if (record.value() instanceof IdentifyCompleted && stopAt == Long.MAX_VALUE) {
                            stopAt = System.nanoTime() + linger.toNanos();
                        }
                    }
                }
            }
            if (stopAt == Long.MAX_VALUE) {
                throw new AssertionError("no IdentifyCompleted for job " + jobId + " within " + timeout + "; saw "
                        + events.size() + " events: " + events.stream().map(e -> e.getClass().getSimpleName())
                        .distinct().toList());
            }
        }
        return new JobEvents(events);
    }
}
