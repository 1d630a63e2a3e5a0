package dev.defuse.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    private final EventSerializer serializer = new EventSerializer();
    private final EventDeserializer deserializer = new EventDeserializer();
    private final ObjectMapper tree = new ObjectMapper();

    static List<DefuseEvent> events() {
        return SampleEvents.all();
    }

    @Test
    void samplesCoverEveryEventType() {
        Set<Class<?>> sampled = events().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrder(DefuseEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyPermittedSubtypeIsRegisteredUnderItsSimpleName() {
        assertThat(EventJson.typeNames()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(DefuseEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
        for (Class<?> type : DefuseEvent.class.getPermittedSubclasses()) {
            assertThat(EventJson.typeFor(type.getSimpleName())).isEqualTo(type);
        }
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsThroughTheSerde(DefuseEvent event) {
        byte[] bytes = serializer.serialize(event.topic(), event);
        DefuseEvent back = deserializer.deserialize(event.topic(), bytes);
        assertThat(back).isEqualTo(event).hasSameClassAs(event);
        assertThat(back.eventId()).isEqualTo(event.eventId());
    }

    @ParameterizedTest
    @MethodSource("events")
    void writesTypeAndSchemaVersionButNoDerivedProperties(DefuseEvent event) throws Exception {
        JsonNode json = tree.readTree(serializer.serialize(event.topic(), event));
        assertThat(json.get("type").asText()).isEqualTo(event.getClass().getSimpleName());
        assertThat(json.get("schemaVersion").intValue()).isEqualTo(1);
        assertThat(json.get("occurredAt").isTextual()).isTrue();
        assertThat(json.has("topic")).isFalse();
        assertThat(json.has("partitionKey")).isFalse();
        assertThat(json.size()).as("type + schemaVersion + record components")
                .isEqualTo(2 + event.getClass().getRecordComponents().length);
    }

    @ParameterizedTest
    @MethodSource("events")
    void recordsStayFarBelowTheKafkaLimit(DefuseEvent event) {
        assertThat(serializer.serialize(event.topic(), event).length).isLessThan(10_000);
    }

    @Test
    void nullPayloadIsATombstone() {
        assertThat(deserializer.deserialize(Topics.MISTAKES, null)).isNull();
        assertThat(serializer.serialize(Topics.MISTAKES, null)).isNull();
    }

    @Test
    void rejectsUnknownType() {
        ObjectNode json = jsonOf(events().get(0));
        json.put("type", "MistakeLost");
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("topic 'mistakes'")
                .hasMessageContaining("unknown type 'MistakeLost'")
                .hasMessageContaining("MistakeFound");
    }

    @Test
    void rejectsMissingType() {
        ObjectNode json = jsonOf(events().get(0));
        json.remove("type");
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("no 'type' property");
    }

    @Test
    void rejectsUnsupportedAndMissingSchemaVersion() {
        ObjectNode json = jsonOf(events().get(1));
        json.put("schemaVersion", 2);
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("MistakeFound")
                .hasMessageContaining("unsupported schemaVersion 2")
                .hasMessageContaining("schema version 1");
        json.remove("schemaVersion");
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("no 'schemaVersion'");
    }

    @Test
    void rejectsMissingFieldsNamingThem() {
        ObjectNode json = jsonOf(events().get(1));
        json.remove("imageIndex");
        json.remove("z");
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("MistakeFound")
                .hasMessageContaining("missing field(s) [imageIndex, z]");
    }

    @Test
    void rejectsMissingFieldsOfNestedRecords() {
        DefuseEvent labeled = events().stream().filter(RegionLabeled.class::isInstance).findFirst().orElseThrow();
        ObjectNode json = jsonOf(labeled);
        ((ObjectNode) json.get("items").get(0).get("votes").get(1)).remove("vendorId");
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("RegionLabeled")
                .hasMessageContaining("vendorId")
                .hasMessageContaining("items[0].votes[1]");
    }

    @Test
    void nullableFieldsMustBeExplicit() {
        DefuseEvent shard = events().get(3);
        assertThat(((ShardCompleted) shard).mistakes()).isNull();
        ObjectNode json = jsonOf(shard);
        assertThat(json.get("mistakes").isNull()).isTrue();
        json.remove("mistakes");
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("missing field(s) [mistakes]");
    }

    @Test
    void rejectsValuesThatBreakTheRecordsInvariants() {
        ObjectNode json = jsonOf(events().get(1));
        json.put("predictedLabel", json.get("originalLabel").intValue());
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("(MistakeFound) is invalid")
                .hasMessageContaining("predictedLabel != originalLabel");
    }

    @Test
    void rejectsWrongTypesNamingTheField() {
        ObjectNode json = jsonOf(events().get(1));
        json.put("imageIndex", "twelve");
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("at 'imageIndex'");
        json.put("imageIndex", 12.5);
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("at 'imageIndex'");
        json.putNull("imageIndex");
        assertThatThrownBy(() -> read(json)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("imageIndex");
    }

    @Test
    void rejectsPayloadsThatAreNotJsonObjects() {
        assertThatThrownBy(() -> deserializer.deserialize("labels", "{\"type\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> deserializer.deserialize("labels", "[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> deserializer.deserialize("labels", new byte[]{(byte) 0xff, 0x00}))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("topic 'labels'");
    }

    @Test
    void ignoresUnknownExtraProperties() {
        DefuseEvent event = events().get(0);
        ObjectNode json = jsonOf(event);
        json.put("addedInALaterRelease", "x");
        assertThat(read(json)).isEqualTo(event);
    }

    private ObjectNode jsonOf(DefuseEvent event) {
        try {
            return (ObjectNode) tree.readTree(serializer.serialize(event.topic(), event));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private DefuseEvent read(ObjectNode json) {
        return deserializer.deserialize(Topics.MISTAKES, json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
