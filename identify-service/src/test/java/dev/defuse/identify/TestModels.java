package dev.defuse.identify;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.ml.train.VaeTrainer;
import dev.defuse.common.ml.train.VaeTrainingConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The paper's MNIST architectures trained for one epoch on a few hundred MNIST images (a few seconds, seeded): a
 * weak classifier and a rough β-VAE, so identify finds a realistic mix of mistakes and non-mistakes.
 */
public final class TestModels {

    public static final int TRAINING_IMAGES = 300;
    public static final String CLASSIFIER_ID = "test-mnist-classifier";
    public static final String VAE_ID = "test-mnist-vae";

    private static final class Holder {
        static final LabeledImages TRAIN = mnistTrain().slice(0, TRAINING_IMAGES);
        static final ModelArtifact CLASSIFIER = new ClassifierTrainer(ProgressListener.silent())
                .train(CLASSIFIER_ID, ClassifierArchitecture.mnist(), TRAIN,
                        ClassifierTrainingConfig.defaults().withEpochs(1).withValidationFraction(0.2))
                .model();
        static final ModelArtifact VAE = new VaeTrainer(ProgressListener.silent())
                .train(VAE_ID, VaeArchitecture.mnist(10), TRAIN,
                        VaeTrainingConfig.defaults().withEpochs(1).withKlAnnealSteps(0).withValidationFraction(0.2))
                .model();
    }

    private TestModels() {
    }

    public static ModelArtifact classifier() {
        TorchRuntime.start(TorchSettings.defaults());
        return Holder.CLASSIFIER;
    }

    public static ModelArtifact vae() {
        TorchRuntime.start(TorchSettings.defaults());
        return Holder.VAE;
    }

    /** The repository's MNIST copy (surefire runs in the module folder). */
    public static Path mnistDirectory() {
        Path dir = Path.of("..").resolve(MnistDataset.DEFAULT_DIRECTORY).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("MNIST not found at " + dir + " (run the tests from the module folder)");
        }
        return dir;
    }

    public static LabeledImages mnistTrain() {
        return MnistDataset.train(mnistDirectory());
    }
}
