package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.ApiProblem;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem bodies ({@code application/problem+json}) for every refusal of the API. */
public final class Problems {

  /** Media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";
  /** Prefix of the problem {@code type} URIs. */
  public static final String TYPE_PREFIX = "urn:defuse:labeling:problem:";

  private Problems() {}

  public static Response response(ApiProblem problem, String instance) {
    return response(problem.kind().status, problem.kind().slug, problem.kind().title, problem.getMessage(), instance,
        problem.errors());
  }

  public static Response response(int status, String slug, String title, String detail, String instance,
      List<Map<String, Object>> errors) {
    return builder(status, body(status, slug, title, detail, instance, errors)).build();
  }

  /** The problem body (RFC 9457 members, plus per-entry {@code errors} of a batch). */
  static Map<String, Object> body(int status, String slug, String title, String detail, String instance,
      List<Map<String, Object>> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + slug);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (instance != null) {
      body.put("instance", instance);
    }
    if (errors != null && !errors.isEmpty()) {
      body.put("errors", errors);
    }
    return body;
  }

  /** 429 with {@code Retry-After}: whole seconds until the next request is admitted (at least 1). */
  public static Response rateLimited(Duration wait, String instance) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    ApiProblem.Kind kind = ApiProblem.Kind.RATE_LIMITED;
    Map<String, Object> body = body(kind.status, kind.slug, kind.title,
        "too many requests from this vendor; retry in " + seconds + " s", instance, List.of());
    return builder(kind.status, body).header("Retry-After", seconds).build();
  }

  private static Response.ResponseBuilder builder(int status, Map<String, Object> body) {
    Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(body);
    if (status == 401) {
      builder.header("WWW-Authenticate", "Bearer");
    }
    return builder;
  }
}
