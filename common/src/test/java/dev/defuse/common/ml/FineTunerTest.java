package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.train.FineTuner;
import dev.defuse.common.ml.train.FineTuningConfig;
import dev.defuse.common.ml.train.LearningRateSchedule;
import dev.defuse.common.ml.train.FineTuningReport;
import dev.defuse.common.ml.train.FineTuningResult;
import dev.defuse.common.ml.train.OptimizerKind;
import dev.defuse.common.ml.train.ProgressListener;
import org.junit.jupiter.api.Test;

/** Fine-tuning on L(D) + λ·L(D_f) teaches the failure data without touching the base model. */
class FineTunerTest {

    @Test
    void failureDataIsLearnedAndTheBaseModelStaysAsItWas() {
        ModelArtifact base = TinyModels.classifier();
        LabeledImages train = TinyModels.images();
        LabeledImages other = MlFixtures.mnistTrain(900).slice(600, 900);
        // D_f: images whose "annotator label" is the next digit, which the base model never predicts for them
        int[] shifted = other.slice(0, 100).labels();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = (shifted[i] + 1) % 10;
        }
        LabeledImages failures = new LabeledImages(other.shape(),
                other.slice(0, 100).pixels(), shifted, other.classes());
        LabeledImages validation = other.slice(100, 300);

        double baseFailureAccuracy;
        int[] basePredictions;
        try (ClassifierRunner runner = ClassifierRunner.open(base)) {
            baseFailureAccuracy = runner.accuracy(failures);
            basePredictions = runner.predict(validation.pixels(), validation.size());
        }

        FineTuningConfig config = new FineTuningConfig(5.0, 5, 32, 32, 1e-3, OptimizerKind.ADAM,
                LearningRateSchedule.CONSTANT, 9);
        FineTuningResult result = new FineTuner(ProgressListener.silent())
                .fineTune("tiny-finetuned", base, train, failures, validation, config);

        FineTuningReport report = result.report();
        assertThat(report.epochs()).hasSize(5);
        assertThat(report.failureImages()).isEqualTo(100);
        assertThat(report.epochs().get(4).failureLoss()).isLessThan(report.epochs().get(0).failureLoss());
        try (ClassifierRunner tuned = ClassifierRunner.open(result.model())) {
            assertThat(tuned.accuracy(failures)).isGreaterThan(baseFailureAccuracy + 0.3);
            assertThat(tuned.accuracy(validation)).isEqualTo(report.best().validationAccuracy());
        }
        assertThat(result.model().manifest().lineage())
                .containsEntry("base_model", "tiny-classifier")
                .containsEntry("lambda", "5.0")
                .containsEntry("failure_data", failures.fingerprint());
        try (ClassifierRunner again = ClassifierRunner.open(base)) {
            assertThat(again.predict(validation.pixels(), validation.size())).containsExactly(basePredictions);
        }
    }
}
