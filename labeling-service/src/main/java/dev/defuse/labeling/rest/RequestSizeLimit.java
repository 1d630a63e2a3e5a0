package dev.defuse.labeling.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.labeling.config.LabelingConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refuses bodies larger than {@code defuse.labeling.max-request-bytes} with a 413 problem body, before they are read.
 * (A chunked body without Content-Length is still bounded by {@code quarkus.http.limits.max-body-size}.)
 */
@ApplicationScoped
public class RequestSizeLimit {

  /** Runs before the REST layer reads the body. */
  private static final int FILTER_PRIORITY = 100;

  private final LabelingConfig config;
  private final ObjectMapper mapper;

  public RequestSizeLimit(LabelingConfig config, ObjectMapper mapper) {
    this.config = config;
    this.mapper = mapper;
  }

  void register(@Observes Filters filters) {
    filters.register(rc -> {
      String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
      long bytes = parse(length);
      if (bytes > config.maxRequestBytes()) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.TYPE_PREFIX + "too-large");
        body.put("title", "Request too large");
        body.put("status", 413);
        body.put("detail", "request body of " + bytes + " bytes exceeds the limit of " + config.maxRequestBytes());
        body.put("instance", rc.request().path());
        rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
            .putHeader(HttpHeaders.CONNECTION, "close").end(json(body));
        return;
      }
      rc.next();
    }, FILTER_PRIORITY);
  }

  private static long parse(String length) {
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private String json(Map<String, Object> body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
