package dev.defuse.common.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.util.Require;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends events through a Reactive Messaging {@link Emitter} and returns only once the broker acknowledged each of
 * them. With the producers' {@code acks=all} that means the records are durable, so a caller acknowledges its own
 * input, marks an outbox row or answers its client only after what it produced is safe. Records are sent in order,
 * keyed by {@link DefuseEvent#partitionKey()} unless a key is given.
 */
public final class AcknowledgedSender {

    /**
     * Records sent before waiting for their acknowledgements: well below an emitter's default buffer (128 messages),
     * so a bounded emitter never overflows however many events a caller hands over.
     */
    public static final int MAX_IN_FLIGHT = 64;

    private final Emitter<DefuseEvent> emitter;
    private final Duration timeout;

    /**
     * @param timeout how long one window of up to {@value #MAX_IN_FLIGHT} records may wait for its acknowledgements
     */
    public AcknowledgedSender(Emitter<DefuseEvent> emitter, Duration timeout) {
        this.emitter = Require.nonNull(emitter, "emitter");
        this.timeout = Require.nonNull(timeout, "timeout");
        Require.check(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, got " + timeout);
    }

    /** Sends {@code event} keyed by its partition key and waits for the broker's acknowledgement. */
    public void send(DefuseEvent event) {
        send(event, event.partitionKey());
    }

    /** Sends {@code event} with record key {@code key} and waits for the broker's acknowledgement. */
    public void send(DefuseEvent event, String key) {
        CompletableFuture<Void> acked = emit(event, key);
        await(List.of(acked), List.of(event), System.nanoTime() + timeout.toNanos());
    }

    /**
     * Sends every event in order (each keyed by its partition key) and returns once all were acknowledged.
     *
     * @throws PublishException when the broker refused one or did not acknowledge it in time; events before it in
     *                          the list may have been written (a retry writes them again with the same ids)
     */
    public void sendAll(List<? extends DefuseEvent> events) {
        for (int from = 0; from < events.size(); from += MAX_IN_FLIGHT) {
            List<? extends DefuseEvent> window = events.subList(from, Math.min(events.size(), from + MAX_IN_FLIGHT));
            List<CompletableFuture<Void>> acks = new ArrayList<>(window.size());
            for (DefuseEvent event : window) {
                acks.add(emit(event, event.partitionKey()));
            }
            await(acks, window, System.nanoTime() + timeout.toNanos());
        }
    }

    private CompletableFuture<Void> emit(DefuseEvent event, String key) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<DefuseEvent> message = Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            // the emitter's buffer is full or its channel was cancelled (e.g. shutting down)
            throw new PublishException("cannot send " + describe(event) + ": " + e.getMessage(), e);
        }
        return acked;
    }

    private void await(List<CompletableFuture<Void>> acks, List<? extends DefuseEvent> events, long deadline) {
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new PublishException("the broker refused " + describe(events.get(i)) + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new PublishException("the broker did not acknowledge " + describe(events.get(i)) + " within "
                        + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while publishing " + describe(events.get(i)), e);
            }
        }
    }

    private static String describe(DefuseEvent event) {
        return event.getClass().getSimpleName() + " " + event.eventId() + " of job " + event.jobId();
    }
}
