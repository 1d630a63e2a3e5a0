package dev.defuse.distill.ml;

import dev.defuse.common.job.JobSpec;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelKeys;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.distill.config.DistillConfig;
import dev.defuse.distill.domain.JobFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decodes region samples with a job's β-VAE and classifies the decoded images with the job's classifier (DJL,
 * PyTorch engine, models from the object store's model repository, parameters verified on load).
 */
@ApplicationScoped
public class RegionInference {

  private final ObjectStore store;
  private final DistillConfig config;
  private final Timer decodeTimer;
  private final Timer classifyTimer;

  public RegionInference(ObjectStore store, DistillConfig config, MeterRegistry registry) {
    this.store = store;
    this.config = config;
    this.decodeTimer = Timer.builder("defuse.distill.decode")
        .description("Decoding a batch of region samples with the job's VAE").register(registry);
    this.classifyTimer = Timer.builder("defuse.distill.classify")
        .description("Classifying a batch of decoded region samples").register(registry);
  }

  /**
   * Loads the job's VAE and classifier; close the session to free their native memory.
   *
   * @throws JobFailure if a model is missing, damaged, of the wrong kind, or the two disagree on the image shape
   */
  public Session open(JobSpec spec) {
    TorchRuntime.start(new TorchSettings(config.inference().torchThreads(), TorchSettings.DEFAULT_THREADS));
    ModelRepository models = ModelRepository.objectStore(store);
    ModelArtifact vaeModel = load(models, spec.vaeModelKey(), "VAE");
    ModelArtifact classifierModel = load(models, spec.classifierModelKey(), "classifier");
    int batch = config.inference().batchSize();
    VaeRunner vae = null;
    try {
      vae = VaeRunner.open(vaeModel, batch);
      ClassifierRunner classifier = ClassifierRunner.open(classifierModel, batch);
      Session session = new Session(vae, classifier);
      ImageInput decoded = vae.input();
      ImageInput classified = classifier.input();
      if (decoded.channels() != classified.channels() || decoded.size() != classified.size()) {
        session.close();
        throw new JobFailure("job " + spec.jobId() + ": the VAE decodes " + decoded.channels() + "×" + decoded.size()
            + "×" + decoded.size() + " images but the classifier takes " + classified.channels() + "×"
            + classified.size() + "×" + classified.size());
      }
      return session;
    } catch (ModelLoadException | IllegalArgumentException e) {
      if (vae != null) {
        vae.close();
      }
      throw new JobFailure("job " + spec.jobId() + ": cannot load its models: " + e.getMessage(), e);
    }
  }

  /**
   * Checks, from the VAE's manifest alone, that it decodes latent codes of size {@code latentDim} (so a mismatch
   * fails the job before the fit, not after).
   *
   * @throws JobFailure if the VAE is missing, not a VAE, or takes codes of another size
   */
  public void requireLatentSize(JobSpec spec, int latentDim) {
    String id;
    ModelManifest manifest;
    try {
      id = ModelKeys.modelId(spec.vaeModelKey(), "vaeModelKey");
      manifest = ModelRepository.objectStore(store).manifest(id);
    } catch (IllegalArgumentException | ModelNotFoundException e) {
      throw new JobFailure("the job's VAE cannot be found: " + e.getMessage(), e);
    }
    if (!(manifest.architecture() instanceof VaeArchitecture vae)) {
      throw new JobFailure("the job's VAE '" + id + "' is a " + manifest.kind().id() + ", not a VAE");
    }
    if (vae.latentSize() != latentDim) {
      throw new JobFailure("the job's mistakes have latent codes of size " + latentDim + " but its VAE '" + id
          + "' decodes codes of size " + vae.latentSize());
    }
  }

  private static ModelArtifact load(ModelRepository models, String key, String what) {
    String id;
    try {
      id = ModelKeys.modelId(key, what + " key");
    } catch (IllegalArgumentException e) {
      throw new JobFailure("the job's " + what + " key is not a model: " + e.getMessage(), e);
    }
    try {
      return models.load(id);
    } catch (ModelNotFoundException | ModelLoadException e) {
      throw new JobFailure("the job's " + what + " '" + id + "' cannot be loaded: " + e.getMessage(), e);
    }
  }

  /** Decoded images and the classifier's predictions on them. */
  public record Decoded(float[] images, int[] predictions) {}

  /** A job's two models, loaded. Not thread-safe (like the runners). */
  public final class Session implements AutoCloseable {

    private final VaeRunner vae;
    private final ClassifierRunner classifier;

    private Session(VaeRunner vae, ClassifierRunner classifier) {
      this.vae = vae;
      this.classifier = classifier;
    }

    /** K, the size of the codes the VAE decodes. */
    public int latentSize() {
      return vae.latentSize();
    }

    /** Shape of one decoded image: channels, height, width. */
    public int[] imageShape() {
      ImageInput input = vae.input();
      return new int[] {input.channels(), input.size(), input.size()};
    }

    /** Decodes {@code count} latent codes (row-major {@code count × K}) and classifies the images. */
    public Decoded decodeAndClassify(float[] latents, int count) {
      float[] images = decodeTimer.record(() -> vae.decode(latents, count));
      int[] predictions = classifyTimer.record(() -> classifier.predict(images, count));
      return new Decoded(images, predictions);
    }

    @Override
    public void close() {
      try {
        vae.close();
      } finally {
        classifier.close();
      }
    }
  }
}
