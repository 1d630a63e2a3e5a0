package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.ApiProblem;
import dev.defuse.labeling.domain.ClassSet;
import dev.defuse.labeling.domain.JobClassSets;
import dev.defuse.labeling.domain.TaskService;
import dev.defuse.labeling.domain.VendorCaller;
import dev.defuse.labeling.domain.VendorService;
import dev.defuse.labeling.domain.VoteRequest;
import dev.defuse.labeling.domain.VoteService;
import dev.defuse.labeling.image.ItemImageService;
import dev.defuse.labeling.persistence.Assignment;
import dev.defuse.labeling.persistence.Lease;
import dev.defuse.labeling.persistence.Vote;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The vendor API: tasks, images and votes for a vendor's annotators. Authenticated by the vendor's API key or an
 * annotator link token ({@code Authorization: Bearer …}); a vendor sees only what was assigned to it.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@VendorAuthenticated
@Tag(name = "Vendor API")
@SecurityScheme(securitySchemeName = "vendorKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "A vendor API key (dfv_…) or an annotator link token (dfa_…)")
@SecurityRequirement(name = "vendorKey")
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked credential (problem+json)")
@APIResponse(responseCode = "403", description = "Credential not allowed to do this (problem+json)")
@APIResponse(responseCode = "429", description = "The vendor's rate limit is exhausted (problem+json; see the"
    + " Retry-After header); nothing of the request was done")
public class VendorApiResource {

  private final CurrentCaller current;
  private final TaskService tasks;
  private final VoteService votes;
  private final VendorService vendors;
  private final ItemImageService images;
  private final JobClassSets classSets;
  private final Clock clock;

  public VendorApiResource(CurrentCaller current, TaskService tasks, VoteService votes, VendorService vendors,
      ItemImageService images, JobClassSets classSets, Clock clock) {
    this.current = current;
    this.tasks = tasks;
    this.votes = votes;
    this.vendors = vendors;
    this.images = images;
    this.classSets = classSets;
    this.clock = clock;
  }

  @GET
  @Path("/me")
  @Operation(summary = "Who the credential acts for")
  public ApiViews.Me me() {
    VendorCaller c = current.get();
    return new ApiViews.Me(c.vendorName(), c.boundAnnotatorId());
  }

  @GET
  @Path("/tasks")
  @Operation(summary = "Lease the next tasks of an annotator",
      description = "Returns the annotator's unexpired leases first, then new ones. An annotator never gets the same"
          + " item twice, and an item never has more live leases plus votes than it needs. Leases expire after"
          + " defuse.labeling.lease-duration; expired work is offered to others.")
  @APIResponse(responseCode = "200", description = "Up to `limit` tasks (fewer, or none, when no work is left)")
  @APIResponse(responseCode = "400", description = "Missing annotatorId or limit out of range")
  public ApiViews.TaskList nextTasks(
      @Parameter(description = "The vendor's id for the annotator (optional with an annotator link)")
      @QueryParam("annotatorId") String annotatorId,
      @Parameter(description = "How many tasks (1..defuse.labeling.max-tasks-per-request)")
      @QueryParam("limit") @DefaultValue("10") String limit,
      @Parameter(description = "Only tasks of this job") @QueryParam("jobId") String jobId) {
    VendorCaller caller = current.get();
    List<Lease> leases = tasks.lease(caller, annotatorId, parseInt("limit", limit), jobId);
    List<ApiViews.Task> views = leases.stream().map(l -> new ApiViews.Task(l.assignmentId(), l.itemId(),
        l.jobId(), l.annotatorId(), "/api/v1/items/" + l.itemId() + "/image.png", l.expiresAt(),
        classSets.of(l.jobId()).classes(), ClassSet.NONE_OF_THE_ABOVE)).toList();
    return new ApiViews.TaskList(caller.actingAnnotator(annotatorId), views);
  }

  @GET
  @Path("/items/{itemId}/image.png")
  @Produces("image/png")
  @Operation(summary = "The item's image as PNG", description = "Each pixel becomes a scale×scale block.")
  @APIResponse(responseCode = "200", description = "PNG image")
  @APIResponse(responseCode = "400", description = "scale out of range")
  @APIResponse(responseCode = "404", description = "No such item assigned to this vendor / annotator")
  public Response image(@PathParam("itemId") long itemId,
      @Parameter(description = "Up-scaling factor (1..defuse.labeling.max-image-scale)")
      @QueryParam("scale") @DefaultValue("1") String scale) {
    byte[] png = images.png(current.get(), itemId, parseInt("scale", scale));
    CacheControl cache = new CacheControl();
    cache.setPrivate(true);
    cache.setMaxAge(3600);
    return Response.ok(png, "image/png").cacheControl(cache).build();
  }

  @POST
  @Path("/votes")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Post one vote",
      description = "Idempotent: the same vote posted again returns the stored vote (200). A different label for the"
          + " same annotator and item is refused with 409.")
  @APIResponse(responseCode = "201", description = "Vote stored")
  @APIResponse(responseCode = "200", description = "The same vote was stored before")
  @APIResponse(responseCode = "400", description = "Malformed body")
  @APIResponse(responseCode = "404", description = "No such assignment / item for this vendor and annotator")
  @APIResponse(responseCode = "409", description = "Changed vote, closed item or lease lost")
  @APIResponse(responseCode = "413", description = "Body too large")
  @APIResponse(responseCode = "422", description = "Label not in the job's class set")
  public Response vote(ApiViews.VoteBody body) {
    if (body == null) {
      throw ApiProblem.malformed("a JSON vote object is required");
    }
    VoteService.StoredVote stored = votes.submit(current.get(), List.of(request(body))).get(0);
    return Response.status(stored.created() ? 201 : 200).entity(ApiViews.StoredVote.of(stored)).build();
  }

  @POST
  @Path("/votes/batch")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Post several votes at once",
      description = "All or nothing: if any vote is refused, none is stored and the problem names the entry.")
  @APIResponse(responseCode = "200", description = "All votes stored (see `created` per vote)")
  @APIResponse(responseCode = "400", description = "Malformed body")
  @APIResponse(responseCode = "404", description = "An entry names no assignment of this vendor")
  @APIResponse(responseCode = "409", description = "An entry conflicts")
  @APIResponse(responseCode = "413", description = "More votes than defuse.labeling.max-votes-per-batch")
  @APIResponse(responseCode = "422", description = "An entry's label is not in the job's class set")
  public ApiViews.StoredVotes voteBatch(ApiViews.VoteBatch batch) {
    if (batch == null || batch.votes() == null) {
      throw ApiProblem.malformed("a JSON object {\"votes\": [...]} is required");
    }
    List<VoteRequest> requests = batch.votes().stream().map(b -> b == null ? null : request(b)).toList();
    return new ApiViews.StoredVotes(
        votes.submit(current.get(), requests).stream().map(ApiViews.StoredVote::of).toList());
  }

  @GET
  @Path("/annotators/{annotatorId}/progress")
  @Operation(summary = "How many votes an annotator has given and how many leases it holds")
  @Transactional
  public ApiViews.Progress progress(@PathParam("annotatorId") String annotatorId) {
    VendorCaller caller = current.get();
    String annotator = caller.actingAnnotator(annotatorId);
    long given = Vote.countByAnnotator(caller.vendorId(), annotator);
    long open = Assignment.listLive(caller.vendorId(), annotator, clock.instant()).size();
    return new ApiViews.Progress(annotator, given, open);
  }

  @POST
  @Path("/annotator-links")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a link for one annotator",
      description = "The token acts for this vendor as that annotator only; open `url` in a browser to label.")
  @APIResponse(responseCode = "201", description = "Link created (the token is shown once)")
  public Response createLink(ApiViews.AnnotatorLinkRequest body) {
    if (body == null) {
      throw ApiProblem.malformed("a JSON object {\"annotatorId\": ...} is required");
    }
    VendorService.CreatedLink link = vendors.createLink(current.get(), body.annotatorId());
    return Response.status(201)
        .entity(new ApiViews.AnnotatorLink(link.annotatorId(), link.token(), "/annotate/#token=" + link.token()))
        .build();
  }

  private static VoteRequest request(ApiViews.VoteBody b) {
    return new VoteRequest(b.assignmentId(), b.itemId(), b.annotatorId(), b.label());
  }

  static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiProblem.malformed(name + " must be an integer, got '" + value + "'");
    }
  }
}
