package dev.defuse.common.events;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An event could not be read or written: not JSON, unknown {@code type}, unsupported {@code schemaVersion},
 * missing or invalid fields. A Kafka {@link SerializationException}, so consumers route it to their failure
 * strategy (e.g. the dead-letter topic {@link Topics#dlq(String)}).
 */
public class EventFormatException extends SerializationException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
