package dev.defuse.identify.rest;

import dev.defuse.identify.domain.JobService;
import dev.defuse.identify.domain.JobStatus;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The job API: submit a robustness job, follow its identify stage. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs", description = "Submit robustness jobs and follow their identify stage")
public class JobResource {

    private final JobService jobs;
    private final JobRequestReader reader;

    public JobResource(JobService jobs, JobRequestReader reader) {
        this.jobs = jobs;
        this.reader = reader;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a job",
            description = "Validates the job against the stored models and dataset, writes jobs/{id}/spec.json, "
                    + "splits the selected images into shards and publishes one record per shard to identify-shards. "
                    + "Returns once the broker acknowledged every shard. Submitting the same job again returns its "
                    + "status (200) without duplicating work.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JobRequest.class)))
    @APIResponse(responseCode = "202", description = "Accepted: the job's shards are queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatus.class)))
    @APIResponse(responseCode = "200", description = "The same job was submitted before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatus.class)))
    @APIResponse(responseCode = "400", description = "Invalid job (malformed JSON, unknown model, dataset mismatch, ...)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The job id is used by a job with another spec",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Object store or broker unavailable; retrying is safe",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(String body, @Context UriInfo uri) {
        JobService.Submission submission = jobs.submit(reader.read(body));
        Response.ResponseBuilder response = submission.created()
                ? Response.accepted() : Response.ok();
        return response.location(uri.getAbsolutePathBuilder().path(submission.status().jobId()).build())
                .entity(submission.status()).build();
    }

    @GET
    @Path("/{jobId}")
    @Operation(summary = "A job's identify progress",
            description = "Shards done/total, images processed and skipped, mistakes kept, samples/s and ETA, from "
                    + "the durable shard results and progress document.")
    @APIResponse(responseCode = "200", description = "The job's status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatus.class)))
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobStatus status(@PathParam("jobId") @Parameter(description = "The job id") String jobId) {
        return jobs.status(jobId);
    }

    @GET
    @Operation(summary = "List jobs", description = "Every job, most recently submitted first.")
    @APIResponse(responseCode = "200", description = "The jobs' statuses",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = JobStatus.class)))
    public List<JobStatus> list(@QueryParam("limit") @DefaultValue("100")
                                @Parameter(description = "At most this many jobs (default 100)") int limit) {
        return jobs.list(Math.max(0, limit));
    }
}
