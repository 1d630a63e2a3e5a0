package dev.defuse.common.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Adds {@link DeadLetterHeaders#SERVICE} to every record a channel's dead-letter producer writes, so a dead letter
 * says which service gave up on it (SmallRye already records the origin topic, partition and offset). Enabled per
 * incoming channel with {@code mp.messaging.incoming.<channel>.dead-letter-queue.interceptor-bean=}{@value #NAME}.
 */
@Singleton
@Identifier(DeadLetterOrigin.NAME)
public class DeadLetterOrigin implements ProducerInterceptor<Object, Object> {

    /** The bean's identifier, as used in {@code dead-letter-queue.interceptor-bean}. */
    public static final String NAME = "defuse-dead-letter-origin";

    private final byte[] service;

    public DeadLetterOrigin(@ConfigProperty(name = "quarkus.application.name") String service) {
        this.service = service.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        // a replayed record that failed again arrives with the service header of its first failure: keep only ours
        record.headers().remove(DeadLetterHeaders.SERVICE);
        record.headers().add(DeadLetterHeaders.SERVICE, service);
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        // nothing to observe: SmallRye reports a failed dead-letter write itself
    }

    @Override
    public void close() {
        // holds no resources
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // configured through CDI
    }
}
