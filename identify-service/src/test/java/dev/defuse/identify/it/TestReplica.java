package dev.defuse.identify.it;

import dev.defuse.common.data.DatasetStore;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventDeserializer;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.Topics;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.identify.domain.JobContexts;
import dev.defuse.identify.domain.ShardProcessor;
import dev.defuse.identify.domain.ShardResult;
import dev.defuse.identify.messaging.ShardEvents;
import dev.defuse.identify.ml.KernelLayout;
import dev.defuse.identify.ml.ModelPool;
import dev.defuse.identify.persistence.DatasetCache;
import dev.defuse.identify.persistence.JobDocuments;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second identify replica in plain Java: a Kafka consumer in the service's consumer group {@code identify-service}
 * that processes its share of {@code identify-shards} with the service's own {@link ShardProcessor} and publishes
 * the shard's events with a plain producer, committing each offset after the events are acknowledged. It can be
 * told to crash on a shard: after storing the result and publishing half of its mistakes it stops without
 * committing, as a killed process would.
 */
final class TestReplica implements AutoCloseable {

    static final String WORKER = "test-replica";

    private final KafkaConsumer<String, DefuseEvent> consumer;
    private final KafkaProducer<String, DefuseEvent> producer;
    private final ShardProcessor processor;
    private final ModelPool models;
    private final Predicate<IdentifyShard> crashOn;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch crashed = new CountDownLatch(1);
    private final List<IdentifyShard> processed = new CopyOnWriteArrayList<>();
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param crashOn shards on which to crash (after storing the result and publishing half of its mistakes)
     */
    TestReplica(String bootstrap, ObjectStore store, Predicate<IdentifyShard> crashOn) {
        this.crashOn = crashOn;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "identify-service");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new TolerantDeserializer());
        consumer.subscribe(List.of(Topics.IDENTIFY_SHARDS));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new EventSerializer());
        JobDocuments documents = new JobDocuments(store);
        this.models = new ModelPool(ModelRepository.objectStore(store), 1, KernelLayout.CHANNELS_LAST);
        this.processor = new ShardProcessor(documents,
                new JobContexts(documents, new DatasetCache(new DatasetStore(store), 1)), models, 2000, WORKER);
        this.thread = new Thread(this::loop, "test-replica");
        thread.start();
    }

    /**
     * Unreadable records become null values, as with the service's {@code fail-on-deserialization-failure=false}
     * (the service dead-letters them; this replica skips them).
     */
    private static final class TolerantDeserializer implements Deserializer<DefuseEvent> {
        private final EventDeserializer events = new EventDeserializer();

        @Override
        public DefuseEvent deserialize(String topic, byte[] data) {
            try {
                return events.deserialize(topic, data);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Waits until the group gave this replica partitions; returns them. */
    Set<TopicPartition> awaitAssignment(Duration timeout) throws InterruptedException {
        if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || failure != null) {
            throw new AssertionError("the test replica got no partition within " + timeout
                    + (failure != null ? "; it failed: " + failure : ""), failure);
        }
        return assignment;
    }

    boolean awaitCrash(Duration timeout) throws InterruptedException {
        return crashed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Shards this replica finished (published and committed). */
    List<IdentifyShard> processed() {
        return List.copyOf(processed);
    }

    Throwable failure() {
        return failure;
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, DefuseEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!(record.value() instanceof IdentifyShard shard)) {
                        continue;
                    }
                    ShardResult result = processor.process(shard).result();
                    if (crashOn.test(shard)) {
                        List<MistakeFound> mistakes = ShardEvents.mistakes(result);
                        for (MistakeFound m : mistakes.subList(0, mistakes.size() / 2)) {
                            producer.send(new ProducerRecord<>(Topics.MISTAKES, m.partitionKey(), m)).get();
                        }
                        running = false;
                        crashed.countDown();
                        return;
                    }
                    for (DefuseEvent event : ShardEvents.all(result)) {
                        producer.send(new ProducerRecord<>(Topics.MISTAKES, event.partitionKey(), event)).get();
                    }
                    commit(record);
                    processed.add(shard);
                }
                if (!consumer.assignment().isEmpty() && assigned.getCount() > 0) {
                    assignment = Set.copyOf(consumer.assignment());
                    assigned.countDown();
                }
            }
        } catch (Throwable e) {
            failure = e;
            assigned.countDown();
        } finally {
            // a crashed replica commits nothing: closing only leaves the group, like a killed process's session
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void commit(ConsumerRecord<String, DefuseEvent> record) {
        consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1)));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
        producer.close();
        models.close();
    }
}
