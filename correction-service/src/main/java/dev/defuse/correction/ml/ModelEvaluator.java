package dev.defuse.correction.ml;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.train.ClassifierEpochMetrics;
import dev.defuse.correction.config.CorrectionConfig;
import dev.defuse.correction.domain.PointMetrics;
import dev.defuse.correction.domain.RegionImages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Evaluates a classifier the same way for the base model and every sweep point: test accuracy, validation accuracy
 * and loss, misclassification-region test accuracy overall and per region.
 */
@ApplicationScoped
public class ModelEvaluator {

    private final CorrectionConfig config;

    public ModelEvaluator(CorrectionConfig config) {
        this.config = config;
    }

    /** The base model's metrics (no fine-tuning epochs). */
    public PointMetrics evaluateBase(JobData data) {
        return evaluate(data.base(), data, 0, List.of());
    }

    /**
     * Evaluates {@code model} on {@code data}'s test, validation and region test sets.
     *
     * @param bestEpoch the kept fine-tuning epoch (0 for the base model)
     * @param epochs    every fine-tuning epoch, recorded with the metrics
     */
    public PointMetrics evaluate(ModelArtifact model, JobData data, int bestEpoch,
                                 List<ClassifierEpochMetrics> epochs) {
        try (ClassifierRunner runner = ClassifierRunner.open(model, config.evaluationBatchSize())) {
            int classes = runner.numClasses();
            LabeledImages validation = data.validation();
            float[] validationLogits = runner.logits(validation.pixels(), validation.size());
            int[] validationLabels = validation.labels();
            RegionImages regionTest = data.regionTest();
            LabeledImages regionImages = regionTest.images();
            int[] regionPredicted = runner.predict(regionImages.pixels(), regionImages.size());
            int[] regionLabels = regionImages.labels();
            LabeledImages test = data.test();
            return new PointMetrics(
                    Scores.accuracy(runner.predict(test.pixels(), test.size()), test.labels()),
                    Scores.accuracy(Scores.argMax(validationLogits, classes), validationLabels),
                    Scores.crossEntropy(validationLogits, classes, validationLabels),
                    Scores.accuracy(regionPredicted, regionLabels),
                    Scores.accuracyByGroup(regionPredicted, regionLabels, regionTest.regions()),
                    bestEpoch, epochs);
        }
    }
}
