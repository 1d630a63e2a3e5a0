package dev.defuse.labeling.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.labeling.domain.AgreementSummary;
import dev.defuse.labeling.domain.ClassSet;
import dev.defuse.labeling.domain.VoteService;
import dev.defuse.labeling.persistence.Vendor;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** JSON bodies of the vendor and admin APIs. */
public final class ApiViews {

  private ApiViews() {}

  @Schema(description = "Who the credential acts for")
  public record Me(String vendor, @Schema(nullable = true) String annotatorId) {}

  @Schema(description = "A leased task: label the item's image with one of the classes or none_of_the_above")
  public record Task(
      UUID assignmentId,
      long itemId,
      String jobId,
      String annotatorId,
      @Schema(description = "PNG of the item (add ?scale=N to enlarge)") String imageUrl,
      Instant expiresAt,
      List<ClassInfo> classes,
      @Schema(description = "The label value meaning 'none of the above'") String noneOfTheAbove) {}

  public record TaskList(String annotatorId, List<Task> tasks) {}

  @Schema(description = "One vote. Give assignmentId, or itemId with annotatorId.")
  public record VoteBody(
      @Schema(nullable = true) UUID assignmentId,
      @Schema(nullable = true) Long itemId,
      @Schema(description = "The vendor's id for the annotator (optional with an annotator link)") String annotatorId,
      @Schema(description = "A class id (number), a class name (string) or \"none_of_the_above\"",
          oneOf = {Integer.class, String.class}) JsonNode label) {}

  public record VoteBatch(List<VoteBody> votes) {}

  @Schema(description = "A stored vote")
  public record StoredVote(
      long voteId,
      UUID assignmentId,
      long itemId,
      String jobId,
      String annotatorId,
      @Schema(description = "Class id, or \"none_of_the_above\"", oneOf = {Integer.class, String.class}) Object label,
      String labelName,
      Instant createdAt,
      @Schema(description = "false when the same vote had been stored before (idempotent repeat)") boolean created) {

    static StoredVote of(VoteService.StoredVote s) {
      Object label = s.label() == null ? ClassSet.NONE_OF_THE_ABOVE : s.label();
      return new StoredVote(s.voteId(), s.assignmentId(), s.itemId(), s.jobId(), s.annotatorId(), label,
          s.labelName(), s.createdAt(), s.created());
    }
  }

  public record StoredVotes(List<StoredVote> votes) {}

  public record Progress(String annotatorId, long votes, long openLeases) {}

  public record AnnotatorLinkRequest(String annotatorId) {}

  @Schema(description = "A link for one annotator; the token is shown once")
  public record AnnotatorLink(String annotatorId, String token, String url) {}

  public record CreateVendor(String name) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(description = "A vendor; apiKey is present only in the response that created it")
  public record VendorView(long id, String name, String keyFingerprint, Instant createdAt,
      @Schema(nullable = true) Instant revokedAt, boolean active, @Schema(nullable = true) String apiKey) {

    static VendorView of(Vendor v, String apiKey) {
      return new VendorView(v.id, v.name, v.keyFingerprint, v.createdAt, v.revokedAt, v.isActive(), apiKey);
    }
  }

  @Schema(description = "Mean ± standard error of item agreement over a group of items")
  public record Summary(int items, @Schema(nullable = true) Double mean,
      @Schema(nullable = true) Double standardError) {

    static Summary of(AgreementSummary s) {
      return new Summary(s.items(), finite(s.mean()), finite(s.standardError()));
    }

    private static Double finite(double v) {
      return Double.isFinite(v) ? v : null;
    }
  }

  @Schema(description = "Annotator agreement of a job (paper Fig. 7)")
  public record Agreement(String jobId, @Schema(nullable = true) Integer regionsExpected, int regionsDecided,
      int itemsComplete, int itemsWithoutLabel, Summary misclassificationRegionItems, Summary otherItems,
      Summary allItems) {}

  public record RegionView(int regionId, double weight, String status, int items, int itemsComplete,
      @Schema(nullable = true) Boolean misclassification, @Schema(nullable = true) Integer label,
      @Schema(nullable = true) String labelName, @Schema(nullable = true) Double disagreementShare) {}

  public record JobView(String jobId, List<ClassInfo> classes, int annotatorsPerItem, double rho,
      @Schema(nullable = true) Integer regionsExpected, int regionsDecided, long votes, Instant createdAt,
      @Schema(nullable = true) Instant completedAt, List<RegionView> regions) {}

  public record JobList(List<JobView> jobs) {}

  @Schema(description = "An item of a job, with the classifier's prediction and its consolidated label")
  public record ItemView(long itemId, int regionId, int row, int predicted, String status, int votesNeeded,
      int votesReceived, @Schema(nullable = true) Integer label, @Schema(nullable = true) Double agreement) {}

  public record ItemList(String jobId, List<ItemView> items) {}

  @Schema(description = "A raw vote as stored (for audits and weighted consolidation such as Dawid–Skene)")
  public record RawVote(long voteId, long itemId, int regionId, int reviewRow, long vendorId, String annotatorId,
      @Schema(nullable = true, description = "class id; null for none of the above") Integer label,
      Instant createdAt) {}

  public record RawVotes(String jobId, List<RawVote> votes) {}
}
