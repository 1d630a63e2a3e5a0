package dev.defuse.common.messaging;

import dev.defuse.common.events.DefuseEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;

/**
 * Lets a record that cannot be deserialized reach its consumer, with a null payload and SmallRye's
 * {@code deserialization-failure-*} headers (reason, raw bytes), so the consumer dead-letters it through its own
 * acknowledgement ({@link PoisonRecord#unexpected}). Without it the connector sends such records to the dead-letter
 * topic before they are "received", and its throttled commit strategy then never commits their offsets: when they
 * are the last records of a partition, every restart dead-letters them again. Enabled per incoming channel with
 * {@code mp.messaging.incoming.<channel>.value-deserialization-failure-handler=}{@value #NAME}.
 */
@ApplicationScoped
@Identifier(UnreadableRecords.NAME)
public class UnreadableRecords implements DeserializationFailureHandler<DefuseEvent> {

    /** The bean's identifier, as used in {@code value-deserialization-failure-handler}. */
    public static final String NAME = "defuse-unreadable-records";

    @Override
    public DefuseEvent handleDeserializationFailure(String topic, boolean isKey, String deserializer, byte[] data,
                                                    Exception exception, Headers headers) {
        if (headers != null) {
            // SmallRye's marker for "dead-letter before the consumer sees it"; the failure headers stay
            headers.remove(DESERIALIZATION_FAILURE_DLQ);
        }
        return null;
    }
}
