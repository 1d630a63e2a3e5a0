package dev.defuse.labeling.domain;

import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.labeling.messaging.EventOutbox;
import dev.defuse.labeling.persistence.DecisionStatements;
import dev.defuse.labeling.persistence.DecisionStatements.ItemVotes;
import dev.defuse.labeling.persistence.DecisionStatements.RegionBallot;
import dev.defuse.labeling.persistence.Item;
import dev.defuse.labeling.persistence.LabelingJob;
import dev.defuse.labeling.persistence.Region;
import dev.defuse.labeling.persistence.Vote;
import dev.defuse.labeling.persistence.VotingStatements;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides regions and completes jobs, each exactly once: the deciding transaction holds the row lock of what it
 * decides and re-reads the state under that lock, and the resulting events go to the outbox under their
 * deterministic ids. Called inside the transaction that stored the last needed vote (or region); items are
 * consolidated by {@link VoteService} as their last vote is written.
 */
@ApplicationScoped
public class DecisionService {

  private final Clock clock;
  private final EventOutbox outbox;
  private final VotingStatements statements;
  private final DecisionStatements decisionStatements;

  public DecisionService(Clock clock, EventOutbox outbox, VotingStatements statements,
      DecisionStatements decisionStatements) {
    this.clock = clock;
    this.outbox = outbox;
    this.statements = statements;
    this.decisionStatements = decisionStatements;
  }

  /**
   * Decides those of the regions that are still open and whose items are all complete, and publishes their
   * {@code RegionLabeled}; then completes the jobs whose last region that was.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void decideRegionsIfComplete(Collection<Long> regionPks) {
    Set<String> jobs = new TreeSet<>();
    // locked in ascending id order and checked under the locks: of two transactions completing a region's last
    // items, the second sees the first's items complete and the region open, the first sees it incomplete
    for (long regionPk : statements.lockCompleteOpenRegions(regionPks)) {
      jobs.add(decideLocked(regionPk));
    }
    jobs.forEach(this::completeJobIfDone);
  }

  /** Decides a region that this transaction holds locked and found open with all items complete. */
  private String decideLocked(long regionPk) {
    RegionBallot region = decisionStatements.read(regionPk);
    List<Aggregation.ItemOutcome> outcomes = region.items().stream()
        .map(i -> new Aggregation.ItemOutcome(
            i.label() == null ? OptionalInt.empty() : OptionalInt.of(i.label()), i.predicted()))
        .toList();
    Aggregation.RegionDecision decision = Aggregation.decideRegion(outcomes, region.rho());
    Integer label = decision.label().isPresent() ? decision.label().getAsInt() : null;
    decisionStatements.markDecided(regionPk, decision.misclassification(), label, decision.labeledItems(),
        decision.disagreeingItems(), decision.disagreementShare(), clock.instant());

    List<RegionLabeled.LabeledItem> labeled = new ArrayList<>();
    List<Double> agreements = new ArrayList<>();
    for (ItemVotes item : region.items()) {
      List<RegionLabeled.Vote> votes = item.votes().stream()
          .map(v -> new RegionLabeled.Vote(v.annotatorId(), String.valueOf(v.vendorId()), v.label()))
          .toList();
      if (item.agreement() != null) {
        agreements.add(item.agreement());
      }
      labeled.add(new RegionLabeled.LabeledItem(item.reviewRow(), item.predicted(), votes, item.label(),
          item.agreement() == null ? 0.0 : item.agreement()));
    }
    int regionCount = region.expectedRegions() == null ? region.regionId() + 1 : region.expectedRegions();
    outbox.record(RegionLabeled.of(region.jobId(), region.regionId(), regionCount, decision.misclassification(),
        label, labeled, mean(agreements)));
    return region.jobId();
  }

  /**
   * Completes the job if the number of its regions is known and all are decided; publishes
   * {@code LabelingCompleted}.
   *
   * @return whether this call completed it
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean completeJobIfDone(String jobId) {
    // Every region decision checks its job, so this is the common case: two plain statements under the job's lock
    // (which serialises the check, so of two transactions deciding a job's last regions the second sees both).
    // Changes made through the entities in this transaction go to the database first, for those statements.
    Panache.getEntityManager().flush();
    if (!statements.lockJobIfAllRegionsDecided(jobId)) {
      return false;
    }
    LabelingJob job = LabelingJob.findByJobId(jobId).orElseThrow();
    Instant now = clock.instant();
    job.completedAt = now;
    List<Region> regions = Region.listByJob(jobId);
    int misclassificationRegions = (int) regions.stream().filter(r -> Boolean.TRUE.equals(r.misclassification)).count();
    List<Double> agreements = Item.listByJob(jobId).stream()
        .filter(i -> i.agreement != null).map(i -> i.agreement).toList();
    long votes = Vote.count("itemId in (select i.id from Item i where i.jobId = ?1)", jobId);
    outbox.record(LabelingCompleted.of(jobId, job.expectedRegions, misclassificationRegions, votes, mean(agreements)));
    return true;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0.0); // none agreed on: 0
  }
}
