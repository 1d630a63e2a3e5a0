package dev.defuse.labeling.domain;

import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.labeling.messaging.EventOutbox;
import dev.defuse.labeling.persistence.Item;
import dev.defuse.labeling.persistence.LabelingJob;
import dev.defuse.labeling.persistence.Region;
import dev.defuse.labeling.persistence.Vote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Completes items, decides regions and completes jobs, each exactly once: the deciding transaction holds the row
 * lock of what it decides and re-reads the state under that lock, and the resulting events go to the outbox under
 * their deterministic ids. Called inside the transaction that stored the last needed vote (or region).
 */
@ApplicationScoped
public class DecisionService {

  private final Clock clock;
  private final EventOutbox outbox;

  public DecisionService(Clock clock, EventOutbox outbox) {
    this.clock = clock;
    this.outbox = outbox;
  }

  /** Consolidates an item that has all its votes (the caller holds the item's lock). */
  @Transactional(Transactional.TxType.MANDATORY)
  public void completeItem(Item item) {
    List<OptionalInt> votes = Vote.listByItem(item.id).stream().map(DecisionService::vote).toList();
    OptionalInt label = Aggregation.itemLabel(votes);
    item.status = Item.Status.COMPLETE;
    item.label = label.isPresent() ? label.getAsInt() : null;
    item.agreement = Aggregation.agreement(votes).orElse(null);
    item.completedAt = clock.instant();
  }

  /**
   * Decides the region if all its items are complete and it is still open; publishes its {@code RegionLabeled}.
   *
   * @return whether this call decided it
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean decideRegionIfComplete(long regionPk) {
    Region region = Region.lock(regionPk);
    if (region.status != Region.Status.OPEN || Item.countIncomplete(regionPk) > 0) {
      return false;
    }
    LabelingJob job = LabelingJob.findByJobId(region.jobId).orElseThrow();
    List<Item> items = Item.listByRegion(regionPk);
    List<Aggregation.ItemOutcome> outcomes = items.stream()
        .map(i -> new Aggregation.ItemOutcome(
            i.label == null ? OptionalInt.empty() : OptionalInt.of(i.label), i.predicted))
        .toList();
    Aggregation.RegionDecision decision = Aggregation.decideRegion(outcomes, job.rho);

    region.status = Region.Status.DECIDED;
    region.misclassification = decision.misclassification();
    region.label = decision.label().isPresent() ? decision.label().getAsInt() : null;
    region.labeledItems = decision.labeledItems();
    region.disagreeingItems = decision.disagreeingItems();
    region.disagreementShare = decision.disagreementShare();
    region.decidedAt = clock.instant();

    List<RegionLabeled.LabeledItem> labeled = new ArrayList<>();
    List<Double> agreements = new ArrayList<>();
    for (Item item : items) {
      List<RegionLabeled.Vote> votes = Vote.listByItem(item.id).stream()
          .map(v -> new RegionLabeled.Vote(v.annotatorId, String.valueOf(v.vendorId), v.label))
          .toList();
      double agreement = item.agreement == null ? 0.0 : item.agreement;
      if (item.agreement != null) {
        agreements.add(item.agreement);
      }
      labeled.add(new RegionLabeled.LabeledItem(item.reviewRow, item.predicted, votes, item.label, agreement));
    }
    int regionCount = job.expectedRegions == null ? region.regionId + 1 : job.expectedRegions;
    outbox.record(RegionLabeled.of(job.jobId, region.regionId, regionCount, decision.misclassification(),
        region.label, labeled, mean(agreements)));
    return true;
  }

  /**
   * Completes the job if the number of its regions is known and all are decided; publishes
   * {@code LabelingCompleted}.
   *
   * @return whether this call completed it
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean completeJobIfDone(String jobId) {
    LabelingJob job = LabelingJob.lockByJobId(jobId).orElseThrow();
    if (job.completedAt != null || job.expectedRegions == null
        || Region.countDecided(jobId) < job.expectedRegions) {
      return false;
    }
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

  private static OptionalInt vote(Vote v) {
    return v.label == null ? OptionalInt.empty() : OptionalInt.of(v.label);
  }

  private static double mean(List<Double> values) {
    return values.isEmpty() ? 0.0 : values.stream().mapToDouble(Double::doubleValue).average().orElse(0.0);
  }
}
