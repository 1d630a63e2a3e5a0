package dev.defuse.labeling.domain;

import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.persistence.VotingStatements;
import dev.defuse.labeling.persistence.VotingStatements.ItemAdvance;
import dev.defuse.labeling.persistence.VotingStatements.ItemAnnotator;
import dev.defuse.labeling.persistence.VotingStatements.NewVote;
import dev.defuse.labeling.persistence.VotingStatements.VotingRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Stores votes. A request is one transaction: one statement locks the items it votes on (ascending ids, so
 * concurrent requests never deadlock) and reads their current state, the rules are checked here, one statement writes
 * every vote; then regions whose last item completed are locked (ascending ids) and decided. A batch is all or
 * nothing: any refused vote throws, which rolls back the whole transaction.
 */
@ApplicationScoped
public class VoteService {

  private final Clock clock;
  private final LabelingConfig config;
  private final DecisionService decisions;
  private final JobClassSets classSets;
  private final VotingStatements statements;

  public VoteService(Clock clock, LabelingConfig config, DecisionService decisions, JobClassSets classSets,
      VotingStatements statements) {
    this.clock = clock;
    this.config = config;
    this.decisions = decisions;
    this.classSets = classSets;
    this.statements = statements;
  }

  /**
   * A stored vote and whether this request created it ({@code false}: the same vote was stored before).
   *
   * @param label     the class id, null for "none of the above"
   * @param labelName the class name, or {@code "none_of_the_above"}
   */
  public record StoredVote(long voteId, UUID assignmentId, long itemId, String jobId, String annotatorId,
      Integer label, String labelName, Instant createdAt, boolean created) {

    StoredVote repeated() {
      return created ? new StoredVote(voteId, assignmentId, itemId, jobId, annotatorId, label, labelName, createdAt,
          false) : this;
    }
  }

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
    int size = requests.size();
    if (size > config.maxVotesPerBatch()) {
      throw new ApiProblem(ApiProblem.Kind.TOO_LARGE,
          size + " votes in one batch; at most " + config.maxVotesPerBatch() + " are accepted");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL stores it
    List<VotingRow> rows = resolveAll(caller, requests);
    Ballot ballot = new Ballot(now);
    for (int i = 0; i < size; i++) {
      VotingRow row = rows.get(i);
      ClassSet classes = classSets.of(row.jobId());
      VoteRequest request = requests.get(i);
      OptionalInt label = at(i, size, () -> classes.parse(request.label()));
      ballot.cast(i, size, row, label.isPresent() ? label.getAsInt() : null, classes);
    }
    Map<UUID, Long> voteIds = ballot.newVotes.isEmpty() ? Map.of()
        : write(caller, now, ballot.newVotes, ballot.items.values());
    decideCompletedRegions(ballot.items.values());
    return ballot.results(voteIds);
  }

  /**
   * Locks the items of the request and finds the assignment each entry names, in entry order: 400 malformed, 403
   * another annotator's assignment, 404 no such assignment of this vendor.
   */
  private List<VotingRow> resolveAll(VendorCaller caller, List<VoteRequest> requests) {
    Map<UUID, VotingRow> byAssignment = new HashMap<>();
    Map<ItemAnnotator, VotingRow> byItem = new HashMap<>();
    for (VotingRow row : lockAndRead(caller, requests)) {
      byAssignment.put(row.assignmentId(), row);
      byItem.put(new ItemAnnotator(row.itemId(), row.annotatorId()), row);
    }
    List<VotingRow> resolved = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      resolved.add(resolve(caller, requests.get(i), i, requests.size(), byAssignment, byItem));
    }
    return resolved;
  }

  /** Locks and reads what the request's well-formed entries name (malformed ones are refused by {@link #resolve}). */
  private List<VotingRow> lockAndRead(VendorCaller caller, List<VoteRequest> requests) {
    Set<UUID> assignmentIds = new LinkedHashSet<>();
    Set<ItemAnnotator> byItem = new LinkedHashSet<>();
    for (VoteRequest r : requests) {
      if (r == null) {
        continue;
      }
      if (r.assignmentId() != null) {
        assignmentIds.add(r.assignmentId());
      } else if (r.itemId() != null) {
        try {
          byItem.add(new ItemAnnotator(r.itemId(), caller.actingAnnotator(r.annotatorId())));
        } catch (ApiProblem refused) {
          // reported by resolve(), in entry order
        }
      }
    }
    if (assignmentIds.isEmpty() && byItem.isEmpty()) {
      return List.of();
    }
    return statements.lockForVoting(caller.vendorId(), assignmentIds, byItem);
  }

  /** The caller's assignment a vote refers to (404 if it has none, 403 for another annotator's). */
  private static VotingRow resolve(VendorCaller caller, VoteRequest r, int index, int size,
      Map<UUID, VotingRow> byAssignment, Map<ItemAnnotator, VotingRow> byItem) {
    if (r == null) {
      throw entryProblem(index, size, ApiProblem.Kind.MALFORMED, "vote must be a JSON object");
    }
    String annotator = at(index, size, () -> caller.actingAnnotator(r.annotatorId()));
    if (r.assignmentId() == null && r.itemId() == null) {
      throw entryProblem(index, size, ApiProblem.Kind.MALFORMED, "assignmentId or itemId is required");
    }
    if (r.assignmentId() != null) {
      VotingRow a = byAssignment.get(r.assignmentId());
      if (a == null) {
        throw entryProblem(index, size, ApiProblem.Kind.NOT_FOUND,
            "no assignment " + r.assignmentId() + " for this vendor");
      }
      if (r.itemId() != null && r.itemId() != a.itemId()) {
        throw entryProblem(index, size, ApiProblem.Kind.MALFORMED,
            "assignment " + a.assignmentId() + " is for item " + a.itemId() + ", not item " + r.itemId());
      }
      if (!a.annotatorId().equals(annotator)) {
        throw entryProblem(index, size, ApiProblem.Kind.FORBIDDEN,
            "assignment " + a.assignmentId() + " belongs to another annotator than '" + annotator + "'");
      }
      return a;
    }
    VotingRow a = byItem.get(new ItemAnnotator(r.itemId(), annotator));
    if (a == null) {
      throw entryProblem(index, size, ApiProblem.Kind.NOT_FOUND,
          "item " + r.itemId() + " is not assigned to annotator '" + annotator + "' of this vendor");
    }
    return a;
  }

  private Map<UUID, Long> write(VendorCaller caller, Instant now, List<NewVote> newVotes,
      Collection<ItemTally> items) {
    List<ItemAdvance> advances = items.stream().filter(t -> !t.voted.isEmpty()).map(ItemTally::advance).toList();
    VotingStatements.Written written = statements.write(caller.vendorId(), now, newVotes, advances);
    // the rules were checked against rows this transaction holds locked, so the database must agree
    for (ItemTally t : items) {
      Integer received = written.votesReceived().get(t.id);
      if (!t.voted.isEmpty() && (received == null || received != t.received)) {
        throw new IllegalStateException("item " + t.id + " has " + received + " votes, expected " + t.received);
      }
    }
    if (written.voteIds().size() != newVotes.size()) {
      throw new IllegalStateException(written.voteIds().size() + " of " + newVotes.size() + " votes were stored");
    }
    return written.voteIds();
  }

  /** Decides the regions whose last item this request may have completed (and so, maybe, their jobs). */
  private void decideCompletedRegions(Collection<ItemTally> items) {
    Set<Long> regions = new TreeSet<>();
    items.stream().filter(t -> t.complete).forEach(t -> regions.add(t.regionPk));
    if (!regions.isEmpty()) {
      decisions.decideRegionsIfComplete(regions);
    }
  }

  /** Runs a check for entry {@code index}, naming the entry in the problem it throws (for batches). */
  private static <T> T at(int index, int size, Supplier<T> check) {
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

  /** The votes of one request as they are checked: new votes, repeats of stored ones, and the items they change. */
  private final class Ballot {
    final Instant now;
    final Map<Long, ItemTally> items = new TreeMap<>();
    final List<NewVote> newVotes = new ArrayList<>();
    /** Votes stored before this request, by assignment. */
    final Map<UUID, StoredVote> earlier = new HashMap<>();
    /** Votes this request creates, by assignment (their ids are known once written). */
    final Map<UUID, StoredVote> created = new HashMap<>();
    /** The assignment of each entry, in request order. */
    final List<UUID> entries = new ArrayList<>();

    Ballot(Instant now) {
      this.now = now;
    }

    /** Checks entry {@code index}'s vote against the stored state and this request's earlier entries. */
    void cast(int index, int size, VotingRow row, Integer label, ClassSet classes) {
      UUID assignment = row.assignmentId();
      entries.add(assignment);
      StoredVote before = created.containsKey(assignment) ? created.get(assignment) : earlier.get(assignment);
      if (before == null && row.voteId() != null) {
        before = new StoredVote(row.voteId(), assignment, row.itemId(), row.jobId(), row.annotatorId(),
            row.voteLabel(), classes.name(row.voteLabel()), row.voteCreatedAt(), false);
        earlier.put(assignment, before);
      }
      if (before != null) {
        if (!Objects.equals(before.label(), label)) {
          throw entryProblem(index, size, ApiProblem.Kind.CONFLICT, "annotator '" + row.annotatorId()
              + "' already voted " + before.labelName() + " on item " + row.itemId() + "; a vote cannot be changed");
        }
        return; // the same vote again: idempotent
      }
      ItemTally item = items.computeIfAbsent(row.itemId(), id -> new ItemTally(row));
      if (item.complete || !row.itemOpen()) {
        throw entryProblem(index, size, ApiProblem.Kind.CONFLICT,
            "item " + row.itemId() + " is closed: it has all " + row.votesNeeded() + " votes it needs");
      }
      if (!row.isLive(now) && item.received + liveLeasesOfOthers(item, row) >= item.needed) {
        throw entryProblem(index, size, ApiProblem.Kind.CONFLICT, "the lease of item " + row.itemId()
            + " expired at " + row.expiresAt() + " and the item was given to other annotators");
      }
      item.add(assignment, label);
      newVotes.add(new NewVote(row.itemId(), assignment, row.annotatorId(), label));
      created.put(assignment, new StoredVote(0, assignment, row.itemId(), row.jobId(), row.annotatorId(), label,
          classes.name(label), now, true));
    }

    /**
     * Live leases of the item held by others than this assignment and than those voted earlier in this request
     * (they are still leased in the database, but already counted in {@link ItemTally#received}).
     */
    private long liveLeasesOfOthers(ItemTally item, VotingRow row) {
      List<UUID> except = new ArrayList<>(item.voted);
      except.add(row.assignmentId());
      return statements.liveLeasesExcept(row.itemId(), except, now);
    }

    /** One result per entry; a vote named twice in one request is created by the first entry, repeated by the next. */
    List<StoredVote> results(Map<UUID, Long> voteIds) {
      List<StoredVote> results = new ArrayList<>(entries.size());
      Set<UUID> reported = new HashSet<>();
      for (UUID assignment : entries) {
        StoredVote c = created.get(assignment);
        StoredVote r = c == null ? earlier.get(assignment)
            : new StoredVote(voteIds.get(assignment), assignment, c.itemId(), c.jobId(), c.annotatorId(), c.label(),
                c.labelName(), c.createdAt(), true);
        results.add(reported.add(assignment) ? r : r.repeated());
      }
      return results;
    }
  }

  /** An item's votes as this request changes them; consolidated (paper §4.1) when it gets its last needed vote. */
  private static final class ItemTally {
    final long id;
    final long regionPk;
    final int needed;
    final List<OptionalInt> labels = new ArrayList<>();
    final List<UUID> voted = new ArrayList<>();
    int received;
    boolean complete;

    ItemTally(VotingRow row) {
      id = row.itemId();
      regionPk = row.regionPk();
      needed = row.votesNeeded();
      received = row.votesReceived();
      row.itemLabels().forEach(l -> labels.add(optional(l)));
    }

    void add(UUID assignment, Integer label) {
      voted.add(assignment);
      labels.add(optional(label));
      received++;
      complete = received == needed;
    }

    ItemAdvance advance() {
      if (!complete) {
        return new ItemAdvance(id, voted.size(), false, null, null);
      }
      OptionalInt label = Aggregation.itemLabel(labels);
      return new ItemAdvance(id, voted.size(), true, label.isPresent() ? label.getAsInt() : null,
          Aggregation.agreement(labels).orElse(null));
    }

    private static OptionalInt optional(Integer label) {
      return label == null ? OptionalInt.empty() : OptionalInt.of(label);
    }
  }
}
