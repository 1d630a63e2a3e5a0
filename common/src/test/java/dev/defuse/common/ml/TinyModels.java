package dev.defuse.common.ml;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.ml.train.VaeTrainer;
import dev.defuse.common.ml.train.VaeTrainingConfig;

/** A classifier and a β-VAE trained briefly on a few hundred MNIST images, once per test JVM. */
final class TinyModels {

    static final int IMAGES = 300;

    private static final class Holder {
        static final LabeledImages TRAIN = MlFixtures.mnistTrain(IMAGES);
        static final ModelArtifact CLASSIFIER = new ClassifierTrainer(ProgressListener.silent())
                .train("tiny-classifier", ClassifierArchitecture.mnist(), TRAIN,
                        ClassifierTrainingConfig.defaults().withEpochs(1).withValidationFraction(0.2))
                .model();
        static final ModelArtifact VAE = new VaeTrainer(ProgressListener.silent())
                .train("tiny-vae", VaeArchitecture.mnist(10), TRAIN,
                        VaeTrainingConfig.defaults().withEpochs(1).withKlAnnealSteps(0).withValidationFraction(0.2))
                .model();
    }

    private TinyModels() {
    }

    static ModelArtifact classifier() {
        TorchRuntime.start(TorchSettings.defaults());
        return Holder.CLASSIFIER;
    }

    static ModelArtifact vae() {
        TorchRuntime.start(TorchSettings.defaults());
        return Holder.VAE;
    }

    static LabeledImages images() {
        return Holder.TRAIN;
    }
}
