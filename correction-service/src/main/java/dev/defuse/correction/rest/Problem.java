package dev.defuse.correction.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error body (RFC 9457 problem details). */
@Schema(name = "Problem", description = "What went wrong")
public record Problem(String type, String title, int status, String detail) {

    static WebApplicationException notFound(String detail) {
        return new WebApplicationException(Response.status(Response.Status.NOT_FOUND)
                .type("application/problem+json")
                .entity(new Problem("about:blank", "Not Found", 404, detail)).build());
    }

    static WebApplicationException badRequest(String detail) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON)
                .entity(new Problem("about:blank", "Bad Request", 400, detail)).build());
    }
}
