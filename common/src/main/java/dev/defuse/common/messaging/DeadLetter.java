package dev.defuse.common.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One record of a dead-letter topic, with what its {@link DeadLetterHeaders} say: where it came from, which service
 * gave up on it and why. Read by {@code ./defuse dlq} and by the services' tests.
 *
 * @param dlqTopic        the dead-letter topic
 * @param partition       partition of the dead letter on it
 * @param offset          offset of the dead letter on it
 * @param timestamp       when it was dead-lettered (the record's timestamp)
 * @param key             the original record key (null if it had none)
 * @param value           the original record value: the bytes as received for a record that could not be read
 * @param originTopic     the topic it was consumed from (null if the header is missing)
 * @param originPartition its partition there, or -1
 * @param originOffset    its offset there, or -1
 * @param reason          the failure message (null if the header is missing)
 * @param cause           the message of the failure's cause, or null
 * @param failure         class name of the failure, or null
 * @param service         the service that dead-lettered it, or null
 * @param replayedFrom    set when this record was itself re-published by a replay (and failed again): the dead letter
 *                        it was replayed from ({@code topic/partition/offset}), else null
 * @param headers         every header of the dead letter
 */
public record DeadLetter(String dlqTopic, int partition, long offset, Instant timestamp, String key, byte[] value,
                         String originTopic, int originPartition, long originOffset, String reason, String cause,
                         String failure, String service, String replayedFrom, List<Header> headers) {

    public DeadLetter {
        headers = List.copyOf(headers);
    }

    public static DeadLetter from(ConsumerRecord<String, byte[]> record) {
        Headers h = record.headers();
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(),
                first(h, DeadLetterHeaders.TOPIC), number(first(h, DeadLetterHeaders.PARTITION)),
                parse(first(h, DeadLetterHeaders.OFFSET)), first(h, DeadLetterHeaders.REASON),
                first(h, DeadLetterHeaders.CAUSE), first(h, DeadLetterHeaders.EXCEPTION_CLASS),
                first(h, DeadLetterHeaders.SERVICE), first(h, DeadLetterHeaders.REPLAYED_FROM),
                List.of(h.toArray()));
    }

    /** {@code <dlq-topic>/<partition>/<offset>}: names this dead letter (the value of a replay's header). */
    public String id() {
        return dlqTopic + "/" + partition + "/" + offset;
    }

    /** {@code <topic>-<partition>@<offset>} of the original record, or what of it is known. */
    public String origin() {
        if (originTopic == null) {
            return "?";
        }
        return originTopic + "-" + (originPartition < 0 ? "?" : originPartition) + "@"
                + (originOffset < 0 ? "?" : originOffset);
    }

    /** Whether it is a replayed record that failed again: replaying it once more would loop. */
    public boolean failedAfterReplay() {
        return replayedFrom != null;
    }

    /**
     * The headers a replay sends with the value to the origin topic: the original record's own headers (none of
     * the dead-letter or deserialization-failure ones, which describe this failure, not the record) and
     * {@link DeadLetterHeaders#REPLAYED_FROM} naming this dead letter.
     */
    public List<Header> replayHeaders() {
        List<Header> replay = new ArrayList<>();
        for (Header header : headers) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX)
                    && !header.key().startsWith(DeadLetterHeaders.DESERIALIZATION_FAILURE_PREFIX)) {
                replay.add(header);
            }
        }
        replay.add(new RecordHeader(DeadLetterHeaders.REPLAYED_FROM, id().getBytes(StandardCharsets.UTF_8)));
        return replay;
    }

    /**
     * At most {@code max} characters of the value as text (UTF-8, control characters shown as {@code ·}), with
     * {@code …} when cut; {@code (no value)} for an empty record.
     */
    public String valuePreview(int max) {
        if (value == null) {
            return "(no value)";
        }
        String text = new String(value, StandardCharsets.UTF_8);
        StringBuilder preview = new StringBuilder(Math.min(text.length(), max + 1));
        for (int i = 0; i < text.length() && preview.length() < max; i++) {
            char c = text.charAt(i);
            preview.append(Character.isISOControl(c) ? '·' : c);
        }
        return text.length() > max ? preview.append('…').toString() : preview.toString();
    }

    /** The first value of the header: SmallRye writes its own before copying the original record's headers. */
    private static String first(Headers headers, String name) {
        Iterator<Header> values = headers.headers(name).iterator();
        if (!values.hasNext()) {
            return null;
        }
        byte[] value = values.next().value();
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static int number(String text) {
        long n = parse(text);
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    private static long parse(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
