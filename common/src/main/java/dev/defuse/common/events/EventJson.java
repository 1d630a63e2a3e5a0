package dev.defuse.common.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.defuse.common.util.Json;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of {@link DefuseEvent}s, used by {@link EventSerializer} and {@link EventDeserializer} (and by anything
 * else that stores events). Reading is strict: the payload must be a JSON object with a known {@code type}, the
 * supported {@code schemaVersion} and every field of that type (nullable fields as explicit {@code null}); the
 * record's own invariants are checked too. Every failure is an {@link EventFormatException} saying what is wrong.
 * Unknown extra properties are ignored (a newer writer may add optional fields within a schema version).
 */
public final class EventJson {

    private static final Map<String, Class<? extends DefuseEvent>> TYPES = typesByName();

    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    public EventJson() {
        this.mapper = newObjectMapper();
        this.writer = mapper.writerFor(DefuseEvent.class);
    }

    /** A mapper configured for events (shared JSON settings, plus: missing fields are errors). */
    public static ObjectMapper newObjectMapper() {
        return Json.builder().enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES).build();
    }

    /** The {@code type} names of all event types. */
    public static Set<String> typeNames() {
        return TYPES.keySet();
    }

    /** The event type written as {@code typeName}, or null if there is none. */
    public static Class<? extends DefuseEvent> typeFor(String typeName) {
        return TYPES.get(typeName);
    }

    public byte[] write(DefuseEvent event) {
        try {
            return writer.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("cannot write event " + event.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    public String writeString(DefuseEvent event) {
        return new String(write(event), StandardCharsets.UTF_8);
    }

    public DefuseEvent read(String json) {
        return read("event", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one event.
     *
     * @param source what the bytes are, for error messages (e.g. {@code "record on topic 'mistakes'"})
     */
    public DefuseEvent read(String source, byte[] json) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (IOException e) {
            throw new EventFormatException(source + " is not valid JSON: " + originalMessage(e), e);
        }
        if (node == null || !node.isObject()) {
            throw new EventFormatException(source + " is not a JSON object");
        }
        JsonNode typeNode = node.get(DefuseEvent.TYPE_PROPERTY);
        if (typeNode == null || typeNode.isNull()) {
            throw new EventFormatException(source + " has no '" + DefuseEvent.TYPE_PROPERTY + "' property");
        }
        if (!typeNode.isTextual()) {
            throw new EventFormatException(source + ": '" + DefuseEvent.TYPE_PROPERTY + "' must be a string, got "
                    + typeNode);
        }
        String typeName = typeNode.textValue();
        Class<? extends DefuseEvent> type = TYPES.get(typeName);
        if (type == null) {
            throw new EventFormatException(source + " has unknown type '" + typeName + "' (known types: "
                    + String.join(", ", TYPES.keySet()) + ")");
        }
        JsonNode versionNode = node.get(DefuseEvent.SCHEMA_VERSION_PROPERTY);
        if (versionNode == null || versionNode.isNull()) {
            throw new EventFormatException(source + " (" + typeName + ") has no '"
                    + DefuseEvent.SCHEMA_VERSION_PROPERTY + "' property");
        }
        if (!versionNode.isIntegralNumber() || versionNode.intValue() != DefuseEvent.SCHEMA_VERSION) {
            throw new EventFormatException(source + " (" + typeName + ") has unsupported schemaVersion "
                    + versionNode + ": this build reads schema version " + DefuseEvent.SCHEMA_VERSION);
        }
        List<String> missing = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (!node.has(component.getName())) {
                missing.add(component.getName());
            }
        }
        if (!missing.isEmpty()) {
            throw new EventFormatException(source + " (" + typeName + ") is missing field(s) " + missing);
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EventFormatException(source + " (" + typeName + ") is invalid" + at(e) + ": "
                    + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new EventFormatException(source + " (" + typeName + ") is invalid" + at(e) + ": "
                    + originalMessage(e), e);
        } catch (JsonProcessingException e) {
            throw new EventFormatException(source + " (" + typeName + ") cannot be read: " + originalMessage(e), e);
        }
    }

    private static String at(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at '" + path + "'";
    }

    private static String originalMessage(Exception e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static Map<String, Class<? extends DefuseEvent>> typesByName() {
        Map<String, Class<? extends DefuseEvent>> types = new LinkedHashMap<>();
        for (JsonSubTypes.Type t : DefuseEvent.class.getAnnotation(JsonSubTypes.class).value()) {
            types.put(t.name(), t.value().asSubclass(DefuseEvent.class));
        }
        return Collections.unmodifiableMap(types);
    }
}
