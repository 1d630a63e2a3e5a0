package dev.defuse.correction.domain;

/**
 * What the plan knows about one region of a job.
 *
 * @param regionId               the region's id
 * @param misclassificationRegion the annotators' decision
 * @param label                  the region's annotator label (null when no item got a label)
 * @param agreement              mean item agreement of the region
 * @param finetuneSamples        images of the region in D_f (0 unless a misclassification region)
 * @param testSamples            images of the region in the region test set (0 unless a misclassification region)
 * @param baselineMistakes       identified mistakes of the region in the baseline's D_f
 */
public record RegionDecision(int regionId, boolean misclassificationRegion, Integer label, double agreement,
                             int finetuneSamples, int testSamples, int baselineMistakes) {
}
