package dev.defuse.labeling.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.labeling.domain.AgreementService;
import dev.defuse.labeling.domain.ApiProblem;
import dev.defuse.labeling.domain.ClassSet;
import dev.defuse.labeling.domain.VendorService;
import dev.defuse.labeling.persistence.Item;
import dev.defuse.labeling.persistence.LabelingJob;
import dev.defuse.labeling.persistence.Region;
import dev.defuse.labeling.persistence.Vote;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The admin API: vendors and their keys, job progress, agreement statistics and raw votes. */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
@AdminAuthenticated
@Tag(name = "Admin API")
@SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "The admin credential (defuse.labeling.admin-token)")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin credential (problem+json)")
@APIResponse(responseCode = "403", description = "A vendor credential was used (problem+json)")
public class AdminResource {

  private final VendorService vendors;
  private final AgreementService agreement;
  private final ObjectMapper mapper;

  public AdminResource(VendorService vendors, AgreementService agreement, ObjectMapper mapper) {
    this.vendors = vendors;
    this.agreement = agreement;
    this.mapper = mapper;
  }

  @POST
  @Path("/vendors")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a vendor", description = "The response carries the API key; it is shown only once.")
  @APIResponse(responseCode = "201", description = "Vendor created")
  @APIResponse(responseCode = "400", description = "Missing or too long name")
  @APIResponse(responseCode = "409", description = "A vendor with this name exists")
  public Response createVendor(ApiViews.CreateVendor body) {
    if (body == null) {
      throw ApiProblem.malformed("a JSON object {\"name\": ...} is required");
    }
    VendorService.CreatedVendor created = vendors.create(body.name());
    return Response.status(201).entity(ApiViews.VendorView.of(created.vendor(), created.apiKey())).build();
  }

  @GET
  @Path("/vendors")
  @Operation(summary = "List vendors (keys are never shown again; the fingerprint identifies them)")
  public List<ApiViews.VendorView> listVendors() {
    return vendors.list().stream().map(v -> ApiViews.VendorView.of(v, null)).toList();
  }

  @POST
  @Path("/vendors/{id}/revoke")
  @Operation(summary = "Revoke a vendor's API key",
      description = "Idempotent. The key and the vendor's annotator links stop working at once; its live leases end"
          + " so the items go to others. Its votes are kept.")
  @APIResponse(responseCode = "200", description = "Vendor revoked")
  @APIResponse(responseCode = "404", description = "No such vendor")
  public ApiViews.VendorView revokeVendor(@PathParam("id") long id) {
    return ApiViews.VendorView.of(vendors.revoke(id), null);
  }

  @GET
  @Path("/jobs")
  @Operation(summary = "All labeling jobs with their progress")
  @Transactional
  public ApiViews.JobList jobs() {
    return new ApiViews.JobList(LabelingJob.listInOrder().stream().map(this::view).toList());
  }

  @GET
  @Path("/jobs/{jobId}")
  @Operation(summary = "One job: its regions, their items and decisions")
  @APIResponse(responseCode = "404", description = "No such job")
  @Transactional
  public ApiViews.JobView job(@PathParam("jobId") String jobId) {
    return view(findJob(jobId));
  }

  @GET
  @Path("/jobs/{jobId}/items")
  @Operation(summary = "A job's items: region, review row, classifier prediction, votes and consolidated label")
  @APIResponse(responseCode = "404", description = "No such job")
  @Transactional
  public ApiViews.ItemList items(@PathParam("jobId") String jobId) {
    findJob(jobId);
    Map<Long, Integer> regionIds = regionIdsByPk(jobId);
    return new ApiViews.ItemList(jobId, Item.listByJob(jobId).stream()
        .map(i -> new ApiViews.ItemView(i.id, regionIds.get(i.regionPk), i.reviewRow, i.predicted, i.status.name(),
            i.votesNeeded, i.votesReceived, i.label, i.agreement))
        .toList());
  }

  @GET
  @Path("/jobs/{jobId}/agreement")
  @Operation(summary = "Annotator agreement (paper Fig. 7)",
      description = "Per complete, labeled item: the share of its annotators who voted its majority label; mean ±"
          + " standard error over misclassification-region items, other decided items, and all items.")
  @APIResponse(responseCode = "404", description = "No such job")
  public ApiViews.Agreement agreement(@PathParam("jobId") String jobId) {
    AgreementService.JobAgreement a = agreement.of(jobId);
    return new ApiViews.Agreement(a.jobId(), a.regionsExpected(), a.regionsDecided(), a.itemsComplete(),
        a.itemsWithoutLabel(), ApiViews.Summary.of(a.misclassificationRegionItems()),
        ApiViews.Summary.of(a.otherItems()), ApiViews.Summary.of(a.allItems()));
  }

  @GET
  @Path("/jobs/{jobId}/votes")
  @Operation(summary = "Every raw vote of a job, with vendor and annotator ids")
  @APIResponse(responseCode = "404", description = "No such job")
  @Transactional
  public ApiViews.RawVotes votes(@PathParam("jobId") String jobId) {
    findJob(jobId);
    Map<Long, Item> items = Item.listByJob(jobId).stream()
        .collect(Collectors.toMap(i -> i.id, i -> i));
    Map<Long, Integer> regionIds = regionIdsByPk(jobId);
    List<ApiViews.RawVote> raw = Vote.listByJob(jobId).stream().map(v -> {
      Item item = items.get(v.itemId);
      return new ApiViews.RawVote(v.id, v.itemId, regionIds.get(item.regionPk), item.reviewRow, v.vendorId,
          v.annotatorId, v.label, v.createdAt);
    }).toList();
    return new ApiViews.RawVotes(jobId, raw);
  }

  /** Region ids (within the job) by region row id. */
  private static Map<Long, Integer> regionIdsByPk(String jobId) {
    Map<Long, Integer> regionIds = new HashMap<>();
    Region.listByJob(jobId).forEach(r -> regionIds.put(r.id, r.regionId));
    return regionIds;
  }

  private static LabelingJob findJob(String jobId) {
    return LabelingJob.findByJobId(jobId).orElseThrow(() -> ApiProblem.notFound("no labeling job '" + jobId + "'"));
  }

  private ApiViews.JobView view(LabelingJob job) {
    ClassSet classes = ClassSet.fromJson(mapper, job.classesJson);
    Map<Long, List<Item>> itemsByRegion = Item.listByJob(job.jobId).stream()
        .collect(Collectors.groupingBy(i -> i.regionPk));
    List<Region> regions = Region.listByJob(job.jobId);
    List<ApiViews.RegionView> regionViews = regions.stream().map(r -> {
      List<Item> items = itemsByRegion.getOrDefault(r.id, List.of());
      int complete = (int) items.stream().filter(i -> i.status == Item.Status.COMPLETE).count();
      return new ApiViews.RegionView(r.regionId, r.weight, r.status.name(), items.size(), complete,
          r.misclassification, r.label, r.label == null ? null : classes.name(r.label), r.disagreementShare);
    }).toList();
    int decided = (int) regions.stream().filter(r -> r.status == Region.Status.DECIDED).count();
    long votes = Vote.count("itemId in (select i.id from Item i where i.jobId = ?1)", job.jobId);
    return new ApiViews.JobView(job.jobId, classes.classes(), job.annotatorsPerItem, job.rho, job.expectedRegions,
        decided, votes, job.createdAt, job.completedAt, regionViews);
  }
}
