package dev.defuse.common.ml.train;

import ai.djl.training.loss.Loss;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.util.Require;
import java.time.Instant;
import java.util.Map;

/**
 * Trains the paper's classifier with cross-entropy on a seeded train/validation split and returns the epoch with
 * the best validation accuracy as a storable {@link ModelArtifact}.
 */
public final class ClassifierTrainer {

    private final ProgressListener listener;

    public ClassifierTrainer(ProgressListener listener) {
        this.listener = Require.nonNull(listener, "listener");
    }

    /**
     * Trains a classifier.
     *
     * @param modelId      id written to the manifest
     * @param architecture the network; its input must match the images and its classes the labels
     * @param data         training images (a seeded share is held out for validation)
     * @param config       settings
     */
    public ClassifierTrainingResult train(
            String modelId, ClassifierArchitecture architecture, LabeledImages data, ClassifierTrainingConfig config) {
        Require.jobId(modelId, "modelId");
        Samples.checkClasses(data, architecture);
        LabeledImages.Split split = data.split(config.validationFraction(), config.seed());
        Samples validation = Samples.of(split.first(), architecture.input(), "validation images");
        Samples train = Samples.of(split.second(), architecture.input(), "training images");
        Require.check(train.count() > 0, "no training images left after holding out " + validation.count());
        int stepsPerEpoch = (train.count() + config.batchSize() - 1) / config.batchSize();
        try (TrainingSession session = TrainingSession.fresh(architecture, modelId, Loss.softmaxCrossEntropyLoss(),
                config.newOptimizer(stepsPerEpoch), config.seed())) {
            ClassifierLoop.Outcome outcome = new ClassifierLoop(session, architecture.input(), listener).run(
                    new ClassifierLoop.Data(train, null, validation),
                    config.epochs(), config.batchSize(), config.batchSize(), 0, config.keep(), config.seed(),
                    config.augmentation());
            ClassifierTrainingReport report = new ClassifierTrainingReport(config, train.count(), validation.count(),
                    outcome.epochs(), outcome.bestEpoch(), outcome.seconds());
            ClassifierEpochMetrics best = report.best();
            Map<String, Double> metrics = best.validationAccuracy() == null
                    ? Map.of("train_accuracy", best.trainAccuracy())
                    : Map.of("train_accuracy", best.trainAccuracy(), "validation_accuracy", best.validationAccuracy());
            ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, modelId, ModelKind.CLASSIFIER,
                    architecture, ModelManifest.Preprocessing.of(architecture), data.classes(), data.fingerprint(),
                    config.seed(), Instant.now(), session.engineDescription(), report, metrics, null, Map.of(),
                    outcome.best().checksums());
            return new ClassifierTrainingResult(new ModelArtifact(manifest, outcome.best().blob()), report);
        }
    }
}
