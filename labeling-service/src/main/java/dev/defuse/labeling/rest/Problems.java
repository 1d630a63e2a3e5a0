package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.ApiProblem;
import jakarta.ws.rs.core.Response;
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
    Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(body);
    if (status == 401) {
      builder.header("WWW-Authenticate", "Bearer");
    }
    return builder.build();
  }
}
