package dev.defuse.correction.rest;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Serves a job's visual report ({@code index.html} and its PNGs) from {@code jobs/{id}/report/} in the object store,
 * where {@code ./defuse demo} publishes it. The correction stage serves it because the report is about its outcome;
 * any replica answers the same.
 */
@Path("/jobs/{id}/report")
@Tag(name = "Reports", description = "Visual reports of finished jobs")
public class ReportResource {

    private static final String INDEX = "index.html";
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "png", "image/png",
            "json", "application/json",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final ObjectStore store;

    public ReportResource(ObjectStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "A job's report", description = "Redirects to the report's index.html.")
    @APIResponse(responseCode = "303", description = "Redirect to index.html")
    @APIResponse(responseCode = "400", description = "Not a valid job id",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response index(@Parameter(description = "Job id") @PathParam("id") String jobId, @Context UriInfo uri) {
        key(jobId, INDEX);
        URI target = uri.getAbsolutePathBuilder().path(INDEX).build();
        return Response.seeOther(target).build();
    }

    @GET
    @Path("/{file}")
    @Operation(summary = "One file of a job's report",
            description = "index.html or one of its images, as written by the report generator.")
    @APIResponse(responseCode = "200", description = "The file",
            content = {@Content(mediaType = "text/html"), @Content(mediaType = "image/png")})
    @APIResponse(responseCode = "400", description = "Not a valid job id or file name",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No report, or no such file in it",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response file(@Parameter(description = "Job id") @PathParam("id") String jobId,
            @Parameter(description = "File name, e.g. index.html or region-3.png") @PathParam("file") String file) {
        String key = key(jobId, file);
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = MEDIA_TYPES.get(extension);
        if (type == null) {
            throw Problem.notFound("reports hold only " + MEDIA_TYPES.keySet() + " files, not '" + file + "'");
        }
        try {
            return Response.ok(store.getBlob(key), type).build();
        } catch (ObjectNotFoundException e) {
            throw Problem.notFound("job '" + jobId + "' has no report file '" + file + "' (" + key
                    + "); reports are published by ./defuse demo");
        }
    }

    private static String key(String jobId, String file) {
        try {
            Require.jobId(jobId);
            return ObjectKeys.jobReportFile(jobId, file);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
    }
}
