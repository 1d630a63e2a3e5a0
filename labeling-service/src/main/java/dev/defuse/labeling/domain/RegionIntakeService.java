package dev.defuse.labeling.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.RegionFound;
import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.persistence.Item;
import dev.defuse.labeling.persistence.LabelingJob;
import dev.defuse.labeling.persistence.ProcessedEvent;
import dev.defuse.labeling.persistence.Region;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Turns {@code regions} events into annotation work: a job (class set and parameters from its spec), a region, and
 * one item per review image. Idempotent by event id: a redelivered event changes nothing.
 */
@ApplicationScoped
public class RegionIntakeService {

  private static final Logger LOG = Logger.getLogger(RegionIntakeService.class);

  private final Clock clock;
  private final LabelingConfig config;
  private final DecisionService decisions;
  private final ObjectMapper mapper;

  public RegionIntakeService(Clock clock, LabelingConfig config, DecisionService decisions, ObjectMapper mapper) {
    this.clock = clock;
    this.config = config;
    this.decisions = decisions;
    this.mapper = mapper;
  }

  /**
   * Creates the region's items.
   *
   * @param spec read only when the job is new to this service
   * @return whether the event was new
   */
  @Transactional
  public boolean accept(RegionFound event, Supplier<JobLabelingSpec> spec) {
    String eventId = event.eventId().toString();
    if (ProcessedEvent.seen(eventId)) {
      return false;
    }
    Instant now = clock.instant();
    LabelingJob job = jobFor(event.jobId(), spec, now);
    // regionCount is the same on every region of a job; DistillCompleted confirms it
    if (job.expectedRegions == null) {
      job.expectedRegions = event.regionCount();
    }
    if (Region.findByJobAndRegion(event.jobId(), event.regionId()).isPresent()) {
      // The same region under another event id: the first one wins, as a redelivery would.
      LOG.warnf("job %s region %d arrived again under event id %s; keeping the first", event.jobId(),
          event.regionId(), eventId);
      ProcessedEvent.record(eventId, now);
      return false;
    }
    Region region = new Region();
    region.jobId = event.jobId();
    region.regionId = event.regionId();
    region.weight = event.weight();
    region.reviewKey = event.reviewSamples().key();
    region.reviewSha256 = event.reviewSamples().sha256();
    region.status = Region.Status.OPEN;
    region.createdAt = now;
    region.persist();

    int[] predictions = event.reviewPredictions();
    int count = Math.min(predictions.length, config.itemsPerRegion());
    for (int row = 0; row < count; row++) {
      Item item = new Item();
      item.regionPk = region.id;
      item.jobId = event.jobId();
      item.reviewRow = row;
      item.predicted = predictions[row];
      item.votesNeeded = job.annotatorsPerItem;
      item.status = Item.Status.OPEN;
      item.persist();
    }
    ProcessedEvent.record(eventId, now);
    LOG.infof("job %s region %d/%d: %d items to label by %d annotators each", event.jobId(), event.regionId(),
        event.regionCount(), count, job.annotatorsPerItem);
    return true;
  }

  /** Records how many regions the job has; a job with none (or all decided already) completes here. */
  @Transactional
  public boolean accept(DistillCompleted event, Supplier<JobLabelingSpec> spec) {
    String eventId = event.eventId().toString();
    if (ProcessedEvent.seen(eventId)) {
      return false;
    }
    Instant now = clock.instant();
    LabelingJob job = jobFor(event.jobId(), spec, now);
    job.expectedRegions = event.regionCount();
    ProcessedEvent.record(eventId, now);
    decisions.completeJobIfDone(event.jobId());
    return true;
  }

  private LabelingJob jobFor(String jobId, Supplier<JobLabelingSpec> spec, Instant now) {
    return LabelingJob.lockByJobId(jobId).orElseGet(() -> {
      JobLabelingSpec s = spec.get();
      LabelingJob job = new LabelingJob();
      job.jobId = jobId;
      job.classesJson = new ClassSet(s.classes()).toJson(mapper);
      job.annotatorsPerItem = s.annotatorsPerItem();
      job.rho = s.rho();
      job.createdAt = now;
      job.persist();
      return job;
    });
  }
}
