package dev.defuse.distill.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error body (RFC 9457 problem details). */
@Schema(name = "Problem", description = "What went wrong (RFC 9457)")
public record Problem(String type, String title, int status, String detail, String instance) {

  static final String MEDIA_TYPE = "application/problem+json";

  static Response response(int status, String slug, String title, String detail, String path) {
    return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE))
        .entity(new Problem("https://defuse.dev/problems/" + slug, title, status, detail, path)).build();
  }
}
