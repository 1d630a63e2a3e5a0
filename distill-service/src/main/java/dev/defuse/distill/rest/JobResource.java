package dev.defuse.distill.rest;

import dev.defuse.common.util.Require;
import dev.defuse.distill.domain.JobCoordinator;
import dev.defuse.distill.domain.JobState;
import dev.defuse.distill.domain.RegionRecord;
import dev.defuse.distill.domain.StoredFit;
import dev.defuse.distill.messaging.MistakesConsumer;
import dev.defuse.distill.persistence.JobStateStore;
import dev.defuse.distill.persistence.ReceivedShardStore;
import dev.defuse.distill.persistence.ResultStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The distill stage's view of jobs: what was received, the fit, the regions. Read-only. */
@Path("/jobs")
@Tag(name = "Jobs", description = "Jobs in the distill stage")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobResource {

  private final JobStateStore states;
  private final ReceivedShardStore shards;
  private final ResultStore results;
  private final JobCoordinator jobs;
  private final MistakesConsumer consumer;

  public JobResource(JobStateStore states, ReceivedShardStore shards, ResultStore results, JobCoordinator jobs,
      MistakesConsumer consumer) {
    this.states = states;
    this.shards = shards;
    this.results = results;
    this.jobs = jobs;
    this.consumer = consumer;
  }

  @GET
  @Path("/{jobId}")
  @Operation(summary = "A job's distill state",
      description = "Status, the shards of the mistake set stored so far (and mistakes buffered in this instance "
          + "for incomplete shards), identify's completion, the DP-GMM fit (settings, iterations, lower bound, "
          + "live progress while fitting) and the regions with their weights and dominant label pairs.")
  @APIResponse(responseCode = "200", description = "The job",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
  @APIResponse(responseCode = "400", description = "Not a valid job id",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "No record of the job has reached distill",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response job(@Parameter(description = "Job id") @PathParam("jobId") String jobId, UriInfo uri) {
    Optional<Response> invalid = checkJobId(jobId, uri);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    Optional<JobState> found = states.find(jobId);
    if (found.isEmpty()) {
      return notFound("job '" + jobId + "' is unknown to distill: none of its records has arrived", uri);
    }
    JobState state = found.get();
    List<Integer> stored = shards.storedIndices(jobId);
    JobView.Receiving receiving;
    if (state.hasCompletion()) {
      var completion = state.completion();
      List<Integer> waiting = new ArrayList<>();
      completion.shards().forEach(s -> {
        if (!stored.contains(s.shardIndex())) {
          waiting.add(s.shardIndex());
        }
      });
      receiving = new JobView.Receiving(stored, consumer.bufferedRows(jobId), true, completion.shardCount(),
          completion.mistakeCount(), waiting);
    } else {
      receiving = new JobView.Receiving(stored, consumer.bufferedRows(jobId), false, null, null, List.of());
    }
    Optional<StoredFit> fit = results.findFit(jobId);
    List<JobView.Region> regions = List.of();
    if (fit.isPresent()) {
      Set<Integer> sampled = results.storedRegionIds(jobId);
      regions = fit.get().regions().stream().map(r -> new JobView.Region(r.regionId(), r.component(), r.weight(),
          r.assignedCodes(), r.labelPairs(), sampled.contains(r.regionId()))).toList();
    }
    JobView view = new JobView(jobId, state.status(), state.partition(), state.failure(), state.createdAt(),
        state.updatedAt(), receiving,
        fit.map(f -> new JobView.Fit(f.settings(), f.summary(), f.fittedAt())).orElse(null), regions,
        jobs.progress(jobId).orElse(null));
    return Response.ok(view).build();
  }

  @GET
  @Path("/{jobId}/regions/{regionId}")
  @Operation(summary = "One region of a job",
      description = "The region's weight, mean and covariance, τ, and per sample set (review, finetune, test) the "
          + "object keys and SHA-256 of the decoded images, the latent codes drawn and the classifier's predictions.")
  @APIResponse(responseCode = "200", description = "The region",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = RegionRecord.class)))
  @APIResponse(responseCode = "400", description = "Not a valid job id",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "No such region (yet)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response region(@Parameter(description = "Job id") @PathParam("jobId") String jobId,
      @Parameter(description = "Region id (0 = heaviest)") @PathParam("regionId") int regionId, UriInfo uri) {
    Optional<Response> invalid = checkJobId(jobId, uri);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    if (regionId < 0) {
      return Problem.response(400, "malformed", "Bad Request", "regionId must be >= 0", uri.getPath());
    }
    return results.findRegion(jobId, regionId).map(r -> Response.ok(r).build())
        .orElseGet(() -> notFound("job '" + jobId + "' has no sampled region " + regionId, uri));
  }

  private static Optional<Response> checkJobId(String jobId, UriInfo uri) {
    try {
      Require.jobId(jobId);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(Problem.response(400, "malformed", "Bad Request", e.getMessage(), uri.getPath()));
    }
  }

  private static Response notFound(String detail, UriInfo uri) {
    return Problem.response(404, "not-found", "Not Found", detail, uri.getPath());
  }
}
