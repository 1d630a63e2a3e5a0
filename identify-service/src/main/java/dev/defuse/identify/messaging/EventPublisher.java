package dev.defuse.identify.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.IdentifyShard;
import dev.defuse.identify.config.IdentifyConfig;
import dev.defuse.identify.domain.ShardResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.util.List;

/**
 * Publishes the stage's records and waits until the broker has acknowledged them (producer {@code acks=all},
 * idempotence on): callers ack their input or answer their client only once what they produced is durable. The
 * Kafka key is the event's partition key (job id; {@code jobId/shard} for shards).
 */
@ApplicationScoped
public class EventPublisher {

    private final MutinyEmitter<DefuseEvent> shards;
    private final MutinyEmitter<DefuseEvent> mistakes;
    private final Duration timeout;

    public EventPublisher(@Channel(Channels.SHARDS_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                          MutinyEmitter<DefuseEvent> shards,
                          @Channel(Channels.MISTAKES_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                          MutinyEmitter<DefuseEvent> mistakes,
                          IdentifyConfig config) {
        this.shards = shards;
        this.mistakes = mistakes;
        this.timeout = config.publishTimeout();
    }

    /** A job's shard records, all acknowledged on return. */
    public void publishShards(List<IdentifyShard> records) {
        sendAll(shards, records);
    }

    /**
     * A shard's events: its {@code MistakeFound} records first, acknowledged, then its {@code ShardCompleted}, so the
     * completion never overtakes a mistake even when a send is retried.
     */
    public void publishShard(ShardResult result) {
        sendAll(mistakes, ShardEvents.mistakes(result));
        sendAll(mistakes, List.of(ShardEvents.completion(result)));
    }

    public void publishCompletion(IdentifyCompleted completion) {
        sendAll(mistakes, List.of(completion));
    }

    private void sendAll(MutinyEmitter<DefuseEvent> emitter, List<? extends DefuseEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Uni<Void>> acks = events.stream().map(e -> emitter.sendMessage(keyed(e))).toList();
        Uni.join().all(acks).andFailFast().await().atMost(timeout);
    }

    private static Message<DefuseEvent> keyed(DefuseEvent event) {
        return Message.<DefuseEvent>of(event).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.partitionKey()).build());
    }
}
