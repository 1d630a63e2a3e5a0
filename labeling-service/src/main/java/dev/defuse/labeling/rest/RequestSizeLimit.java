package dev.defuse.labeling.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.domain.ApiProblem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Refuses bodies larger than {@code defuse.labeling.max-request-bytes} with a 413 problem body before they are read,
 * by their Content-Length. A body without Content-Length (chunked) is held to the same limit as it is read
 * ({@link ChunkedBodyLimit}).
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

  /** The limit, for {@link ChunkedBodyLimit}. */
  long maxBytes() {
    return config.maxRequestBytes();
  }

  void register(@Observes Filters filters) {
    filters.register(rc -> {
      long bytes = parse(rc.request().getHeader(HttpHeaders.CONTENT_LENGTH));
      if (bytes > config.maxRequestBytes()) {
        refuse(rc, "request body of " + bytes + " bytes exceeds the limit of " + config.maxRequestBytes());
        return;
      }
      rc.next();
    }, FILTER_PRIORITY);
  }

  private void refuse(RoutingContext rc, String detail) {
    ApiProblem.Kind kind = ApiProblem.Kind.TOO_LARGE;
    // the rest of the body is not read, so the connection cannot be reused
    rc.response().setStatusCode(kind.status).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(json(Problems.body(kind.status, kind.slug, kind.title, detail, rc.request().path(), List.of())));
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

  private String json(Object body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
