package dev.defuse.common.messaging;

import dev.defuse.common.events.DefuseEvent;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * A record a consumer can never process, whatever it retries: it goes to the channel's dead-letter topic
 * ({@code failure-strategy=dead-letter-queue}) with this exception's message as {@code dead-letter-reason}, and the
 * channel goes on with the next record. Records that cannot be deserialized reach the consumer with a null payload
 * ({@link UnreadableRecords}) and are dead-lettered the same way, with the deserializer's reason.
 */
public class PoisonRecord extends RuntimeException {

    private static final Logger LOG = LoggerFactory.getLogger(PoisonRecord.class);

    public PoisonRecord(String reason) {
        super(reason);
    }

    public PoisonRecord(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** Dead-letters {@code message}: nacks it with {@code reason}. */
    public static CompletionStage<Void> deadLetter(Message<?> message, PoisonRecord reason) {
        return message.nack(reason);
    }

    /**
     * Dead-letters a record whose payload is not one of the event types the channel consumes: a record that could
     * not be deserialized (the reason is the deserializer's), another stage's event, or a record without a value.
     */
    @SafeVarargs
    public static CompletionStage<Void> unexpected(Message<?> message, String channel,
                                                   Class<? extends DefuseEvent>... expected) {
        Object payload = message.getPayload();
        String unreadable = payload == null ? deserializationFailure(message) : null;
        String reason = unreadable != null ? unreadable : unexpectedReason(payload, channel, expected);
        LOG.warn("{}: sending {} to the dead-letter topic: {}", channel, where(message), reason);
        return deadLetter(message, new PoisonRecord(reason));
    }

    private static String where(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> "the record at " + m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse("a record");
    }

    /** Why the record could not be deserialized (SmallRye's header), or null if it could. */
    static String deserializationFailure(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON))
                .map(h -> h.value() == null ? "the record could not be deserialized"
                        : new String(h.value(), StandardCharsets.UTF_8))
                .orElse(null);
    }

    @SafeVarargs
    static String unexpectedReason(Object payload, String channel, Class<? extends DefuseEvent>... expected) {
        String wanted = Arrays.stream(expected).map(Class::getSimpleName).collect(Collectors.joining(" or "));
        String got = payload == null ? "a record without a value"
                : payload instanceof DefuseEvent event
                ? event.getClass().getSimpleName() + " " + event.eventId() + " of job " + event.jobId()
                : payload.getClass().getName();
        return channel + " consumes " + wanted + ", not " + got;
    }
}
