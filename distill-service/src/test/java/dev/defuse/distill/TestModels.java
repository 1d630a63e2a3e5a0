package dev.defuse.distill;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.ml.train.VaeTrainer;
import dev.defuse.common.ml.train.VaeTrainingConfig;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A β-VAE (latent size 10) and a classifier with the ML core's MNIST architectures, trained for one epoch on a few
 * MNIST images: barely better than their initial weights, which is all the stage needs (their outputs are
 * deterministic). Stored once per test stack through the model repository.
 */
public final class TestModels {

  public static final int LATENT_SIZE = 10;
  public static final String VAE_ID = "distill-test-vae";
  public static final String CLASSIFIER_ID = "distill-test-classifier";
  public static final String VAE_KEY = ObjectKeys.modelParams(VAE_ID);
  public static final String CLASSIFIER_KEY = ObjectKeys.modelParams(CLASSIFIER_ID);
  private static final int IMAGES = 64;

  private TestModels() {}

  /** Makes sure both models are in the store. */
  public static synchronized void ensure(ObjectStore store) {
    ModelRepository models = ModelRepository.objectStore(store);
    if (models.exists(VAE_ID) && models.exists(CLASSIFIER_ID)) {
      return;
    }
    TorchRuntime.start(TorchSettings.defaults());
    LabeledImages images = MnistDataset.train(mnist()).slice(0, IMAGES);
    if (!models.exists(VAE_ID)) {
      models.save(new VaeTrainer(ProgressListener.silent()).train(VAE_ID, VaeArchitecture.mnist(LATENT_SIZE), images,
          VaeTrainingConfig.defaults().withEpochs(1).withKlAnnealSteps(0).withValidationFraction(0.25)).model());
    }
    if (!models.exists(CLASSIFIER_ID)) {
      models.save(new ClassifierTrainer(ProgressListener.silent()).train(CLASSIFIER_ID,
          ClassifierArchitecture.mnist(), images,
          ClassifierTrainingConfig.defaults().withEpochs(1).withValidationFraction(0.25)).model());
    }
  }

  /** The repository's MNIST copy (surefire runs in the module folder). */
  private static Path mnist() {
    Path dir = Path.of("..").resolve(MnistDataset.DEFAULT_DIRECTORY).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("MNIST not found at " + dir + " (run the tests from the module folder)");
    }
    return dir;
  }
}
