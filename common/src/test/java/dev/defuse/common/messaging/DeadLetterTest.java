package dev.defuse.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.IdentifyShard;
import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.events.SweepVariant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

class DeadLetterTest {

    /** A dead letter as SmallRye writes it: its own headers first, then the original record's. */
    private static ConsumerRecord<String, byte[]> record(RecordHeaders headers, byte[] value) {
        return new ConsumerRecord<>("regions-dlq", 1, 42, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, -1,
                "job-1", value, headers, Optional.empty());
    }

    private static RecordHeaders smallRyeHeaders() {
        RecordHeaders h = new RecordHeaders();
        add(h, DeadLetterHeaders.EXCEPTION_CLASS, "org.apache.kafka.common.errors.RecordDeserializationException");
        add(h, DeadLetterHeaders.REASON, "record on topic 'regions' is not valid JSON");
        add(h, DeadLetterHeaders.TOPIC, "regions");
        add(h, DeadLetterHeaders.PARTITION, "0");
        add(h, DeadLetterHeaders.OFFSET, "17");
        return h;
    }

    private static void add(RecordHeaders h, String key, String value) {
        h.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheOriginReasonAndServiceFromTheHeaders() {
        RecordHeaders h = smallRyeHeaders();
        // copied from the original record: a stale reason of an earlier failure must not win over SmallRye's
        add(h, "trace-id", "abc");
        add(h, DeadLetterHeaders.REASON, "an older reason");
        add(h, DeadLetterHeaders.SERVICE, "labeling-service");
        DeadLetter d = DeadLetter.from(record(h, "x".getBytes(StandardCharsets.UTF_8)));

        assertThat(d.id()).isEqualTo("regions-dlq/1/42");
        assertThat(d.timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(d.origin()).isEqualTo("regions-0@17");
        assertThat(d.originPartition()).isZero();
        assertThat(d.originOffset()).isEqualTo(17);
        assertThat(d.reason()).isEqualTo("record on topic 'regions' is not valid JSON");
        assertThat(d.cause()).isNull();
        assertThat(d.service()).isEqualTo("labeling-service");
        assertThat(d.failedAfterReplay()).isFalse();
    }

    @Test
    void missingOrDamagedHeadersReadAsUnknown() {
        RecordHeaders h = new RecordHeaders();
        add(h, DeadLetterHeaders.PARTITION, "not a number");
        DeadLetter d = DeadLetter.from(record(h, null));
        assertThat(d.originTopic()).isNull();
        assertThat(d.originPartition()).isEqualTo(-1);
        assertThat(d.originOffset()).isEqualTo(-1);
        assertThat(d.origin()).isEqualTo("?");
        assertThat(d.reason()).isNull();
        assertThat(d.valuePreview(10)).isEqualTo("(no value)");
    }

    @Test
    void aReplayCarriesTheRecordsOwnHeadersAndNamesTheDeadLetter() {
        RecordHeaders h = smallRyeHeaders();
        add(h, "trace-id", "abc");
        add(h, "deserialization-failure-reason", "not JSON");
        add(h, "deserialization-failure-data", "x");
        add(h, DeadLetterHeaders.REPLAYED_FROM, "regions-dlq/0/3");
        add(h, DeadLetterHeaders.SERVICE, "labeling-service");
        DeadLetter d = DeadLetter.from(record(h, new byte[] {1}));

        assertThat(d.failedAfterReplay()).isTrue();
        assertThat(d.replayedFrom()).isEqualTo("regions-dlq/0/3");
        assertThat(d.replayHeaders()).extracting(Header::key)
                .containsExactly("trace-id", DeadLetterHeaders.REPLAYED_FROM);
        assertThat(new String(d.replayHeaders().get(1).value(), StandardCharsets.UTF_8))
                .isEqualTo("regions-dlq/1/42");
    }

    @Test
    void thePreviewIsShortAndPrintable() {
        DeadLetter d = DeadLetter.from(record(smallRyeHeaders(), "ab\ncd\u0000efghij".getBytes(StandardCharsets.UTF_8)));
        assertThat(d.valuePreview(5)).isEqualTo("ab·cd…");
        assertThat(d.valuePreview(100)).isEqualTo("ab·cd·efghij");
    }

    @Test
    void anUnexpectedPayloadIsNamedWithWhatTheChannelConsumes() {
        assertThat(PoisonRecord.unexpectedReason(SweepPoint.of("job-1", SweepVariant.DEFUSE, 1.0, 0, 1), "regions-in",
                IdentifyShard.class))
                .startsWith("regions-in consumes IdentifyShard, not SweepPoint ").endsWith(" of job job-1");
        assertThat(PoisonRecord.unexpectedReason(null, "labels-in", IdentifyShard.class, SweepPoint.class))
                .isEqualTo("labels-in consumes IdentifyShard or SweepPoint, not a record without a value");
    }
}
