package dev.defuse.labeling.domain;

import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.persistence.Assignment;
import dev.defuse.labeling.persistence.Item;
import dev.defuse.labeling.persistence.Vote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Stores votes. A batch is all or nothing: any refused vote rolls back the whole transaction. Items are locked in
 * ascending id order, regions and jobs after them in ascending order, so concurrent batches never deadlock.
 */
@ApplicationScoped
public class VoteService {

  private final Clock clock;
  private final LabelingConfig config;
  private final DecisionService decisions;
  private final JobClassSets classSets;

  public VoteService(Clock clock, LabelingConfig config, DecisionService decisions, JobClassSets classSets) {
    this.clock = clock;
    this.config = config;
    this.decisions = decisions;
    this.classSets = classSets;
  }

  /**
   * A stored vote and whether this request created it ({@code false}: the same vote was stored before).
   *
   * @param labelName the class name, or {@code "none_of_the_above"}
   */
  public record StoredVote(Vote vote, String jobId, String labelName, boolean created) {}

  /**
   * Stores the votes of one request.
   *
   * @return one result per request entry, in request order
   */
  @Transactional
  public List<StoredVote> submit(VendorCaller caller, List<VoteRequest> requests) {
    if (requests == null || requests.isEmpty()) {
      throw ApiProblem.malformed("no votes in the request");
    }
    if (requests.size() > config.maxVotesPerBatch()) {
      throw new ApiProblem(ApiProblem.Kind.TOO_LARGE,
          requests.size() + " votes in one batch; at most " + config.maxVotesPerBatch() + " are accepted");
    }
    Instant now = clock.instant();
    // One query each for the assignments, the item locks and the earlier votes of the whole batch.
    Map<UUID, Assignment> byId = Assignment.findAllForVendor(requests.stream()
        .filter(r -> r != null && r.assignmentId() != null).map(VoteRequest::assignmentId).distinct().toList(),
        caller.vendorId());
    List<Assignment> assignments = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      assignments.add(resolve(caller, requests.get(i), i, requests.size(), byId));
    }
    Map<Long, Item> items = new HashMap<>();
    for (Item item : Item.lockAll(assignments.stream().map(a -> a.itemId).distinct().sorted().toList())) {
      items.put(item.id, item);
    }
    Map<UUID, Vote> earlierVotes = Vote.findByAssignments(assignments.stream().map(a -> a.id).distinct().toList());

    Map<UUID, StoredVote> stored = new LinkedHashMap<>();
    List<StoredVote> results = new ArrayList<>(requests.size());
    TreeSet<Long> completedRegions = new TreeSet<>();
    for (int i = 0; i < requests.size(); i++) {
      Assignment a = assignments.get(i);
      Item item = items.get(a.itemId);
      ClassSet classes = classSets.of(item.jobId);
      VoteRequest request = requests.get(i);
      OptionalInt label = at(i, requests.size(), () -> classes.parse(request.label()));
      Integer labelValue = label.isPresent() ? label.getAsInt() : null;
      String labelName = classes.name(labelValue);

      StoredVote earlier = stored.get(a.id);
      if (earlier == null && earlierVotes.containsKey(a.id)) {
        Vote v = earlierVotes.get(a.id);
        earlier = new StoredVote(v, item.jobId, classes.name(v.label), false);
      }
      if (earlier != null) {
        if (!Objects.equals(earlier.vote().label, labelValue)) {
          throw entryProblem(i, requests.size(), ApiProblem.Kind.CONFLICT, "annotator '" + a.annotatorId
              + "' already voted " + earlier.labelName() + " on item " + item.id + "; a vote cannot be changed");
        }
        results.add(new StoredVote(earlier.vote(), item.jobId, earlier.labelName(), false));
        continue;
      }
      if (item.status != Item.Status.OPEN) {
        throw entryProblem(i, requests.size(), ApiProblem.Kind.CONFLICT,
            "item " + item.id + " is closed: it has all " + item.votesNeeded + " votes it needs");
      }
      if (!a.isLive(now) && item.votesReceived + Assignment.countLiveOthers(item.id, a.id, now) >= item.votesNeeded) {
        throw entryProblem(i, requests.size(), ApiProblem.Kind.CONFLICT, "the lease of item " + item.id
            + " expired at " + a.expiresAt + " and the item was given to other annotators");
      }
      Vote vote = new Vote();
      vote.itemId = item.id;
      vote.assignmentId = a.id;
      vote.vendorId = a.vendorId;
      vote.annotatorId = a.annotatorId;
      vote.label = labelValue;
      vote.createdAt = now;
      vote.persist();
      a.state = Assignment.State.VOTED;
      item.votesReceived++;
      if (item.votesReceived == item.votesNeeded) {
        decisions.completeItem(item);
        completedRegions.add(item.regionPk);
      }
      StoredVote created = new StoredVote(vote, item.jobId, labelName, true);
      stored.put(a.id, created);
      results.add(created);
    }

    TreeSet<String> decidedJobs = new TreeSet<>();
    for (long regionPk : completedRegions) {
      if (decisions.decideRegionIfComplete(regionPk)) {
        decidedJobs.add(items.values().stream().filter(it -> it.regionPk == regionPk).findFirst().orElseThrow().jobId);
      }
    }
    decidedJobs.forEach(decisions::completeJobIfDone);
    return results;
  }

  /** The caller's assignment a vote refers to (404 if it has none, 403 for another annotator's). */
  private static Assignment resolve(VendorCaller caller, VoteRequest r, int index, int size,
      Map<UUID, Assignment> byId) {
    if (r == null) {
      throw entryProblem(index, size, ApiProblem.Kind.MALFORMED, "vote must be a JSON object");
    }
    String annotator = at(index, size, () -> caller.actingAnnotator(r.annotatorId()));
    if (r.assignmentId() == null && r.itemId() == null) {
      throw entryProblem(index, size, ApiProblem.Kind.MALFORMED, "assignmentId or itemId is required");
    }
    if (r.assignmentId() != null) {
      Assignment a = byId.get(r.assignmentId());
      if (a == null) {
        throw entryProblem(index, size, ApiProblem.Kind.NOT_FOUND,
            "no assignment " + r.assignmentId() + " for this vendor");
      }
      if (r.itemId() != null && r.itemId() != a.itemId) {
        throw entryProblem(index, size, ApiProblem.Kind.MALFORMED,
            "assignment " + a.id + " is for item " + a.itemId + ", not item " + r.itemId());
      }
      if (!a.annotatorId.equals(annotator)) {
        throw entryProblem(index, size, ApiProblem.Kind.FORBIDDEN,
            "assignment " + a.id + " belongs to another annotator than '" + annotator + "'");
      }
      return a;
    }
    return Assignment.findByAnnotator(r.itemId(), caller.vendorId(), annotator)
        .orElseThrow(() -> entryProblem(index, size, ApiProblem.Kind.NOT_FOUND,
            "item " + r.itemId() + " is not assigned to annotator '" + annotator + "' of this vendor"));
  }

  /** Runs a check for entry {@code index}, naming the entry in the problem it throws (for batches). */
  private static <T> T at(int index, int size, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (ApiProblem p) {
      throw entryProblem(index, size, p.kind(), p.getMessage());
    }
  }

  private static ApiProblem entryProblem(int index, int size, ApiProblem.Kind kind, String detail) {
    if (size == 1) {
      return new ApiProblem(kind, detail);
    }
    return new ApiProblem(kind, "vote " + index + ": " + detail, List.of(Map.of("index", index, "detail", detail)));
  }
}
