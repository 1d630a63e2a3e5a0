package dev.defuse.common.events;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer of every pipeline topic
 * ({@code value.deserializer=dev.defuse.common.events.EventDeserializer}). A payload that is not a valid event of
 * this schema version fails with an {@link EventFormatException} naming the topic and the problem; a null payload
 * (tombstone) reads as null.
 */
public class EventDeserializer implements Deserializer<DefuseEvent> {

    private final EventJson json = new EventJson();

    @Override
    public DefuseEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        return json.read("record on topic '" + topic + "'", data);
    }
}
