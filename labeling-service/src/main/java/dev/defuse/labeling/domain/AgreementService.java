package dev.defuse.labeling.domain;

import dev.defuse.labeling.persistence.Item;
import dev.defuse.labeling.persistence.LabelingJob;
import dev.defuse.labeling.persistence.Region;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Annotator agreement of a job (paper Fig. 7): per complete, labeled item the share of its annotators who voted its
 * majority label, summarised as mean ± standard error over items of misclassification regions, items of the other
 * decided regions, and all complete items (including those of regions still waiting for votes).
 */
@ApplicationScoped
public class AgreementService {

  /** The statistics of one job. */
  public record JobAgreement(
      String jobId,
      Integer regionsExpected,
      int regionsDecided,
      int itemsComplete,
      int itemsWithoutLabel,
      AgreementSummary misclassificationRegionItems,
      AgreementSummary otherItems,
      AgreementSummary allItems) {}

  @Transactional
  public JobAgreement of(String jobId) {
    LabelingJob job = LabelingJob.findByJobId(jobId)
        .orElseThrow(() -> ApiProblem.notFound("no labeling job '" + jobId + "'"));
    Map<Long, Region> regions = new HashMap<>();
    for (Region r : Region.listByJob(jobId)) {
      regions.put(r.id, r);
    }
    List<Double> misclassification = new ArrayList<>();
    List<Double> other = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    int complete = 0;
    int unlabeled = 0;
    for (Item item : Item.listByJob(jobId)) {
      if (item.status != Item.Status.COMPLETE) {
        continue;
      }
      complete++;
      if (item.agreement == null) {
        unlabeled++;
        continue;
      }
      all.add(item.agreement);
      Region region = regions.get(item.regionPk);
      if (region.status == Region.Status.DECIDED) {
        (Boolean.TRUE.equals(region.misclassification) ? misclassification : other).add(item.agreement);
      }
    }
    int decided = (int) regions.values().stream().filter(r -> r.status == Region.Status.DECIDED).count();
    return new JobAgreement(jobId, job.expectedRegions, decided, complete, unlabeled,
        AgreementSummary.of(misclassification), AgreementSummary.of(other), AgreementSummary.of(all));
  }
}
