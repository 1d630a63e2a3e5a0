package dev.defuse.identify.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defuse.common.util.Json;
import dev.defuse.identify.config.IdentifyConfig;
import dev.defuse.identify.domain.JobRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.stream.Collectors;

/**
 * Reads a {@link JobRequest} from JSON with the pipeline's strict settings ({@link Json}), turning every
 * malformed or invalid field into a {@link JobRequestException} that names it. A request without
 * {@code identify.shardSize} gets the service's {@code defuse.identify.default-shard-size}, written into the spec.
 */
@ApplicationScoped
public class JobRequestReader {

    private static final String IDENTIFY = "identify";
    private static final String SHARD_SIZE = "shardSize";

    /**
     * Unlike events (where a newer writer may add fields), a request field this service does not know is a typo or
     * a misunderstanding: silently ignoring {@code "draws": 5} would run a job with Q = 500.
     */
    private final ObjectMapper json = Json.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final int defaultShardSize;

    @Inject
    public JobRequestReader(IdentifyConfig config) {
        this(config.defaultShardSize());
    }

    JobRequestReader(int defaultShardSize) {
        this.defaultShardSize = defaultShardSize;
    }

    public JobRequest read(String body) {
        if (body == null || body.isBlank()) {
            throw new JobRequestException("the request body is empty: send a JSON job (see /q/openapi)");
        }
        try {
            JsonNode tree = json.readTree(body);
            if (!(tree instanceof ObjectNode root)) {
                throw new JobRequestException("the request body must be a JSON object, got " + tree.getNodeType());
            }
            JsonNode identify = root.get(IDENTIFY);
            if (identify == null || identify.isNull()) {
                root.putObject(IDENTIFY).put(SHARD_SIZE, defaultShardSize);
            } else if (identify instanceof ObjectNode params && !params.has(SHARD_SIZE)) {
                params.put(SHARD_SIZE, defaultShardSize);
            }
            return json.treeToValue(root, JobRequest.class);
        } catch (JsonMappingException e) {
            throw new JobRequestException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new JobRequestException("the request body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The field path and the reason, without Jackson's source excerpt. */
    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        Throwable cause = e.getCause();
        String reason;
        if (e instanceof UnrecognizedPropertyException unknown) {
            reason = "unknown field; the fields here are " + unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
        } else {
            reason = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
        }
        return path.isEmpty() ? reason : path + ": " + reason;
    }
}
