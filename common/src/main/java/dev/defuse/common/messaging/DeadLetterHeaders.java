package dev.defuse.common.messaging;

/**
 * Headers of a record on a dead-letter topic ({@code <topic>-dlq}). The {@code dead-letter-*} names up to
 * {@link #OFFSET} are written by SmallRye's Kafka connector ({@code failure-strategy=dead-letter-queue}); the
 * others are Defuse's own. SmallRye also copies every header of the original record, which for a record that could
 * not be deserialized includes its {@code deserialization-failure-*} headers.
 */
public final class DeadLetterHeaders {

    /** Why the record was dead-lettered: the deserializer's or the consumer's failure message (SmallRye). */
    public static final String REASON = "dead-letter-reason";
    /** The message of the failure's cause, when it has one (SmallRye). */
    public static final String CAUSE = "dead-letter-cause";
    /** Class name of the failure (SmallRye). */
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    /** Class name of the failure's cause (SmallRye). */
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    /** The topic the record was consumed from (SmallRye). */
    public static final String TOPIC = "dead-letter-topic";
    /** Its partition there (SmallRye). */
    public static final String PARTITION = "dead-letter-partition";
    /** Its offset there (SmallRye). */
    public static final String OFFSET = "dead-letter-offset";

    /**
     * The service ({@code quarkus.application.name}) whose consumer dead-lettered the record; with {@link #TOPIC}
     * it names the channel. Added by {@link DeadLetterOrigin} on the dead-letter producer.
     */
    public static final String SERVICE = "dead-letter-service";
    /**
     * Set by {@code ./defuse dlq replay} on the record it re-publishes to the origin topic:
     * {@code <dlq-topic>/<partition>/<offset>} of the dead letter it came from. A replayed record that fails again
     * carries it onto the dead-letter topic (SmallRye copies the record's headers), so it is not replayed in a loop.
     */
    public static final String REPLAYED_FROM = "dead-letter-replayed-from";

    /** Prefix of every dead-letter header: none of them is carried back to the origin topic by a replay. */
    public static final String PREFIX = "dead-letter-";
    /** Prefix of the headers SmallRye adds to a record that could not be deserialized (then copied to the DLQ). */
    public static final String DESERIALIZATION_FAILURE_PREFIX = "deserialization-failure-";

    private DeadLetterHeaders() {
    }
}
