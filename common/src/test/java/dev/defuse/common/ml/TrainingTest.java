package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.train.ClassifierEpochMetrics;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ClassifierTrainingResult;
import dev.defuse.common.ml.train.EpochSelection;
import dev.defuse.common.ml.train.OptimizerKind;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.ml.train.VaeEpochMetrics;
import dev.defuse.common.ml.train.VaeTrainer;
import dev.defuse.common.ml.train.VaeTrainingConfig;
import dev.defuse.common.ml.train.VaeTrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Short training runs on a few hundred MNIST images: the losses fall, the kept epoch is the best one, seeds fix everything. */
class TrainingTest {

    private static LabeledImages images;

    @BeforeAll
    static void data() {
        TorchRuntime.start(TorchSettings.defaults());
        images = MlFixtures.mnistTrain(600);
    }

    @Test
    void classifierLossFallsAndTheBestValidationEpochIsKept() {
        List<Integer> epochsSeen = new ArrayList<>();
        ClassifierTrainingConfig config = ClassifierTrainingConfig.defaults().withEpochs(4).withValidationFraction(0.25)
                .withSeed(3);
        ClassifierTrainingResult result = new ClassifierTrainer(new ProgressListener() {
            @Override
            public void onEpoch(int epoch, int epochs, Map<String, Double> metrics) {
                epochsSeen.add(epoch);
            }
        }).train("small-classifier", ClassifierArchitecture.mnist(), images, config);

        List<ClassifierEpochMetrics> epochs = result.report().epochs();
        assertThat(epochsSeen).containsExactly(1, 2, 3, 4);
        assertThat(epochs).hasSize(4);
        assertThat(epochs.get(3).trainLoss()).isLessThan(epochs.get(0).trainLoss() * 0.7);
        assertThat(result.report().trainImages()).isEqualTo(450);
        assertThat(result.report().validationImages()).isEqualTo(150);
        double bestAccuracy = epochs.stream().mapToDouble(ClassifierEpochMetrics::validationAccuracy).max().orElseThrow();
        assertThat(result.report().best().validationAccuracy()).isEqualTo(bestAccuracy).isGreaterThan(0.5);

        // the stored parameters are the kept epoch's: they reproduce its validation accuracy exactly
        LabeledImages validation = images.split(0.25, 3).first();
        try (ClassifierRunner runner = ClassifierRunner.open(result.model())) {
            assertThat(runner.accuracy(validation)).isEqualTo(bestAccuracy);
        }

        ModelManifest manifest = result.model().manifest();
        assertThat(manifest.kind()).isEqualTo(ModelKind.CLASSIFIER);
        assertThat(manifest.architecture()).isEqualTo(ClassifierArchitecture.mnist());
        assertThat(manifest.classes()).isEqualTo(MnistDataset.CLASSES);
        assertThat(manifest.datasetFingerprint()).isEqualTo(images.fingerprint());
        assertThat(manifest.seed()).isEqualTo(3);
        assertThat(manifest.preprocessing().inputShape()).containsExactly(1, 28, 28);
        assertThat(manifest.preprocessing().paddedSize()).isEqualTo(32);
        assertThat(manifest.training()).isEqualTo(result.report());
        assertThat(manifest.metrics()).containsEntry("validation_accuracy", bestAccuracy);
        assertThat(manifest.engine()).contains("PyTorch 2.7.1");
    }

    @Test
    void keepingTheLastEpochStoresTheLastEpoch() {
        ClassifierTrainingConfig config = ClassifierTrainingConfig.defaults().withEpochs(2).withValidationFraction(0.25)
                .withKeep(EpochSelection.LAST);
        ClassifierTrainingResult result = new ClassifierTrainer(ProgressListener.silent())
                .train("last-epoch", ClassifierArchitecture.mnist(), images.slice(0, 300), config);
        assertThat(result.report().bestEpoch()).isEqualTo(2);
        try (ClassifierRunner runner = ClassifierRunner.open(result.model())) {
            assertThat(runner.accuracy(images.slice(0, 300).split(0.25, config.seed()).first()))
                    .isEqualTo(result.report().epochs().get(1).validationAccuracy());
        }
    }

    @Test
    void vaeReconstructionLossFalls() {
        VaeTrainingConfig config = VaeTrainingConfig.defaults().withEpochs(3).withKlAnnealSteps(10)
                .withValidationFraction(0.2);
        VaeTrainingResult result = new VaeTrainer(ProgressListener.silent())
                .train("small-vae", VaeArchitecture.mnist(10), images, config);

        List<VaeEpochMetrics> epochs = result.report().epochs();
        assertThat(epochs).hasSize(3);
        assertThat(epochs.get(2).trainBce()).isLessThan(epochs.get(0).trainBce());
        assertThat(epochs.get(2).validationBce()).isLessThan(epochs.get(0).validationBce());
        assertThat(epochs.get(2).betaAtEnd()).isEqualTo(4.0);
        assertThat(epochs.get(2).trainKl()).isPositive();
        assertThat(result.model().manifest().kind()).isEqualTo(ModelKind.VAE);
        assertThat(result.model().manifest().architecture()).isEqualTo(VaeArchitecture.mnist(10));
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedAnotherOne() {
        LabeledImages few = images.slice(0, 200);
        ClassifierTrainingConfig config = ClassifierTrainingConfig.defaults().withEpochs(1).withSeed(5);
        ClassifierTrainer trainer = new ClassifierTrainer(ProgressListener.silent());
        String first = trainer.train("seeded", ClassifierArchitecture.mnist(), few, config)
                .model().manifest().parameters().valueDigest();
        String again = trainer.train("seeded", ClassifierArchitecture.mnist(), few, config)
                .model().manifest().parameters().valueDigest();
        String other = trainer.train("seeded", ClassifierArchitecture.mnist(), few, config.withSeed(6))
                .model().manifest().parameters().valueDigest();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void adadeltaAtLearningRateOneTrainsToo() {
        ClassifierTrainingConfig adadelta = ClassifierTrainingConfig.defaults().withEpochs(3)
                .withOptimizer(OptimizerKind.ADADELTA, 1.0);
        List<ClassifierEpochMetrics> epochs = new ClassifierTrainer(ProgressListener.silent())
                .train("adadelta", ClassifierArchitecture.mnist(), images, adadelta).report().epochs();
        assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
    }

    @Test
    void rejectsImagesThatDoNotFitTheArchitecture() {
        assertThatThrownBy(() -> new ClassifierTrainer(ProgressListener.silent())
                .train("wrong", ClassifierArchitecture.svhn(), images.slice(0, 10), ClassifierTrainingConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1×28×28 but the model takes 3×32×32");
    }
}
