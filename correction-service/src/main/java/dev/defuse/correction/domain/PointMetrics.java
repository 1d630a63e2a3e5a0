package dev.defuse.correction.domain;

import dev.defuse.common.ml.train.ClassifierEpochMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluation of one model (a sweep point's kept epoch, or the base model).
 *
 * @param testAccuracy       accuracy on the dataset's test split
 * @param validationAccuracy accuracy on the held-out validation split of the training data (selects epoch and λ)
 * @param validationLoss     mean cross-entropy on the validation split (breaks ties of validation accuracy)
 * @param regionAccuracy     accuracy on the misclassification-region test set (region samples, annotator labels)
 * @param regionAccuracies   the same per misclassification region, by region id
 * @param bestEpoch          the kept epoch (0 for the base model)
 * @param epochs             every fine-tuning epoch (empty for the base model)
 */
public record PointMetrics(double testAccuracy, double validationAccuracy, double validationLoss,
                           double regionAccuracy, Map<Integer, Double> regionAccuracies, int bestEpoch,
                           List<ClassifierEpochMetrics> epochs) {

    public PointMetrics {
        regionAccuracies = new TreeMap<>(regionAccuracies);
        epochs = List.copyOf(epochs);
    }
}
