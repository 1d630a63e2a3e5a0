package dev.defuse.labeling.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.defuse.labeling.domain.ApiProblem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
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
    return Problems.response(400, ApiProblem.Kind.MALFORMED.slug, ApiProblem.Kind.MALFORMED.title,
        "request body is not valid JSON for this endpoint: " + e.getOriginalMessage(), uri.getPath(), List.of());
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
