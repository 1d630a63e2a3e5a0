package dev.defuse.labeling.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.defuse.labeling.domain.ApiProblem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into a problem body, so clients never get an HTML page or an empty error. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response apiProblem(ApiProblem problem, UriInfo uri) {
    return Problems.response(problem, uri.getPath());
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
    String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
    String reason = JAVA_TYPE.matcher(String.valueOf(e.getOriginalMessage()))
        .replaceAll(m -> Matcher.quoteReplacement(jsonType(m.group(1))));
    String detail = field.isEmpty() ? "request body is not valid JSON for this endpoint: " + reason
        : "field '" + field + "' has the wrong type or value: " + reason;
    return Problems.response(400, ApiProblem.Kind.MALFORMED.slug, ApiProblem.Kind.MALFORMED.title, detail,
        uri.getPath(), List.of());
  }

  /** Java types in Jackson's messages, e.g. {@code `java.util.ArrayList<…VoteBody>`}. */
  private static final Pattern JAVA_TYPE = Pattern.compile("`([A-Za-z0-9_.$<>, ]+)`");

  /** Clients speak JSON, not Java: name the JSON type a field must have. */
  private static String jsonType(String javaType) {
    String t = javaType.toLowerCase(java.util.Locale.ROOT);
    if (t.contains("list") || t.contains("[]")) {
      return "an array";
    }
    if (t.contains("string") || t.contains("uuid")) {
      return "a string";
    }
    if (t.contains("long") || t.contains("int") || t.contains("short")) {
      return "an integer";
    }
    if (t.contains("double") || t.contains("float")) {
      return "a number";
    }
    if (t.contains("boolean")) {
      return "a boolean";
    }
    return "an object";
  }

  /** {@code votes[0].itemId} for the field the parser was reading. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** More specific than quarkus-rest-jackson's own mapper, which answers without a problem body. */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
    return unreadableJson(e, uri);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    if (e.getCause() instanceof JsonProcessingException json) {
      return unreadableJson(json, uri);
    }
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type == null ? "HTTP " + status : type.getReasonPhrase();
    String slug = switch (status) {
      case 400 -> ApiProblem.Kind.MALFORMED.slug;
      case 404 -> ApiProblem.Kind.NOT_FOUND.slug;
      case 413 -> ApiProblem.Kind.TOO_LARGE.slug;
      default -> "http-" + status;
    };
    String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? title : e.getMessage();
    return Problems.response(status, slug, title, detail, uri.getPath(), List.of());
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e, UriInfo uri) {
    LOG.errorf(e, "unexpected failure on %s", uri.getPath());
    return Problems.response(500, "internal-error", "Internal error",
        "the service failed to handle the request; nothing of it was stored", uri.getPath(), List.of());
  }
}
