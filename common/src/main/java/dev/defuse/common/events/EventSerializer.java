package dev.defuse.common.events;

import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer of every pipeline topic ({@code value.serializer=dev.defuse.common.events.EventSerializer}).
 * Use {@link DefuseEvent#partitionKey()} as the record key.
 */
public class EventSerializer implements Serializer<DefuseEvent> {

    private final EventJson json = new EventJson();

    @Override
    public byte[] serialize(String topic, DefuseEvent event) {
        return event == null ? null : json.write(event);
    }
}
