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
 * Fine-tunes a stored classifier on L(D) + λ·L(D_f) (paper §3.3): one run per λ; the correction stage runs a
 * sweep of these and picks the best λ by validation accuracy. Starts from the base model's verified parameters
 * and keeps the epoch with the best validation accuracy (the base model itself is never modified).
 */
public final class FineTuner {

    private final ProgressListener listener;

    public FineTuner(ProgressListener listener) {
        this.listener = Require.nonNull(listener, "listener");
    }

    /**
     * Fine-tunes {@code base}.
     *
     * @param modelId    id of the new model
     * @param base       the classifier to start from (its parameters are verified before use)
     * @param train      D, the original training data
     * @param failures   D_f, failure images labelled with the annotators' labels (may be empty when λ = 0)
     * @param validation images that select the best epoch (e.g. a held-out split of the training data)
     * @param config     λ, epochs, batch sizes, optimiser, seed
     */
    public FineTuningResult fineTune(String modelId, ModelArtifact base, LabeledImages train, LabeledImages failures,
                                     LabeledImages validation, FineTuningConfig config) {
        Require.jobId(modelId, "modelId");
        ModelManifest baseManifest = base.manifest();
        Require.check(baseManifest.kind() == ModelKind.CLASSIFIER,
                "model " + baseManifest.modelId() + " is a " + baseManifest.kind().id() + ", not a classifier");
        ClassifierArchitecture architecture = (ClassifierArchitecture) baseManifest.architecture();
        Samples.checkClasses(train, architecture);
        Samples.checkClasses(failures, architecture);
        Samples d = Samples.of(train, architecture.input(), "training images");
        Samples df = Samples.of(failures, architecture.input(), "failure images");
        Samples val = Samples.of(validation, architecture.input(), "validation images");
        Require.check(config.lambda() == 0 || df.count() > 0, "λ > 0 needs failure images");
        Require.check(val.count() > 0, "fine-tuning needs validation images to pick the best epoch");
        try (TrainingSession session = TrainingSession.from(base, Loss.softmaxCrossEntropyLoss(),
                config.optimizer().newOptimizer(config.learningRate(), config.schedule(), config.totalSteps(d.count())),
                config.seed())) {
            ClassifierLoop.Outcome outcome = new ClassifierLoop(session, architecture.input(), listener).run(
                    new ClassifierLoop.Data(d, df, val),
                    config.epochs(), config.batchSize(), config.failureBatchSize(), config.lambda(), EpochSelection.BEST,
                    config.seed(), ImageAugmentation.NONE);
            FineTuningReport report = new FineTuningReport(config, baseManifest.modelId(), d.count(), df.count(),
                    val.count(), outcome.epochs(), outcome.bestEpoch(), outcome.seconds());
            ClassifierEpochMetrics best = report.best();
            ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, modelId, ModelKind.CLASSIFIER,
                    architecture, baseManifest.preprocessing(), baseManifest.classes(), train.fingerprint(),
                    config.seed(), Instant.now(), session.engineDescription(), report,
                    Map.of("validation_accuracy", best.validationAccuracy()), null,
                    Map.of("base_model", baseManifest.modelId(), "lambda", Double.toString(config.lambda()),
                            "failure_data", failures.fingerprint()),
                    outcome.best().checksums());
            return new FineTuningResult(new ModelArtifact(manifest, outcome.best().blob()), report);
        }
    }
}
