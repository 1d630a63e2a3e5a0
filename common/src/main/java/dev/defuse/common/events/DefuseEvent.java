package dev.defuse.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * An event on one of the pipeline's topics. Written as JSON with a {@code type} discriminator (the record's simple
 * name) and a {@code schemaVersion}; {@link EventDeserializer} rejects unknown types and schema versions.
 *
 * <p>The Kafka key of a record is {@link #partitionKey()}: the job id, so one job's events stay in order on one
 * partition, except for work topics whose items are spread over partitions.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = DefuseEvent.TYPE_PROPERTY)
@JsonSubTypes({
        @JsonSubTypes.Type(value = IdentifyShard.class, name = "IdentifyShard"),
        @JsonSubTypes.Type(value = MistakeFound.class, name = "MistakeFound"),
        @JsonSubTypes.Type(value = ShardCompleted.class, name = "ShardCompleted"),
        @JsonSubTypes.Type(value = IdentifyCompleted.class, name = "IdentifyCompleted"),
        @JsonSubTypes.Type(value = RegionFound.class, name = "RegionFound"),
        @JsonSubTypes.Type(value = DistillCompleted.class, name = "DistillCompleted"),
        @JsonSubTypes.Type(value = RegionLabeled.class, name = "RegionLabeled"),
        @JsonSubTypes.Type(value = LabelingCompleted.class, name = "LabelingCompleted"),
        @JsonSubTypes.Type(value = SweepPoint.class, name = "SweepPoint"),
        @JsonSubTypes.Type(value = ModelRegistered.class, name = "ModelRegistered"),
})
public sealed interface DefuseEvent permits IdentifyShard, MistakeFound, ShardCompleted, IdentifyCompleted,
        RegionFound, DistillCompleted, RegionLabeled, LabelingCompleted, SweepPoint, ModelRegistered {

    /** The schema version this code writes (and the only one it reads). */
    int SCHEMA_VERSION = 1;
    /** JSON property holding the event type (the record's simple name). */
    String TYPE_PROPERTY = "type";
    /** JSON property holding the schema version. */
    String SCHEMA_VERSION_PROPERTY = "schemaVersion";

    @JsonProperty(SCHEMA_VERSION_PROPERTY)
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** Unique id of the fact; deterministic where redelivery can recreate it (see {@link EventIds}). */
    UUID eventId();

    String jobId();

    Instant occurredAt();

    /** The topic this event is published on ({@link Topics}). */
    @JsonIgnore
    String topic();

    /** The Kafka record key: the job id, unless a work topic spreads a job's items over partitions. */
    @JsonIgnore
    default String partitionKey() {
        return jobId();
    }
}
