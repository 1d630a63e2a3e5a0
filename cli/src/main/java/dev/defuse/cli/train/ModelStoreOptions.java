package dev.defuse.cli.train;

import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.cli.stack.StackDirectory;
import dev.defuse.common.store.ObjectStoreConfig;
import dev.defuse.stack.StackLayout;
import dev.defuse.stack.StackStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where models are written and read: the object store (the local stack's S3 server or any S3 endpoint) and/or a
 * local folder with the same {@code {modelId}/params.bin + manifest.json} layout.
 */
public final class ModelStoreOptions implements AutoCloseable {

  /** Which store new models go to. */
  public enum StoreKind { auto, s3, local }

  @Option(names = "--store", paramLabel = "auto|s3|local", defaultValue = "auto",
      description = "Where to store the model: s3 (object store), local (--output folder only), or auto: s3 when an "
          + "endpoint is configured or the local stack is running, else local (default ${DEFAULT-VALUE}).")
  StoreKind store;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Local model folder: written in addition to the object store when given; the only target with "
          + "--store local (default there: env DEFUSE_MODEL_DIR, else <repository>/.defuse/models).")
  Path output;

  @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:DEFUSE_OBJECT_STORE_ENDPOINT}",
      description = "S3 endpoint (env DEFUSE_OBJECT_STORE_ENDPOINT; default: the running local stack's).")
  String endpoint;

  @Option(names = "--s3-access-key", paramLabel = "KEY", defaultValue = "${env:DEFUSE_OBJECT_STORE_ACCESS_KEY}",
      description = "S3 access key (env DEFUSE_OBJECT_STORE_ACCESS_KEY).")
  String accessKey;

  @Option(names = "--s3-secret-key", paramLabel = "SECRET", defaultValue = "${env:DEFUSE_OBJECT_STORE_SECRET_KEY}",
      description = "S3 secret key (env DEFUSE_OBJECT_STORE_SECRET_KEY).")
  String secretKey;

  @Option(names = "--s3-bucket", paramLabel = "BUCKET", defaultValue = "${env:DEFUSE_OBJECT_STORE_BUCKET}",
      description = "Bucket (env DEFUSE_OBJECT_STORE_BUCKET; default: the stack's, else defuse).")
  String bucket;

  @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "${env:DEFUSE_OBJECT_STORE_REGION}",
      description = "Signing region (env DEFUSE_OBJECT_STORE_REGION; default us-east-1).")
  String region;

  @Option(names = "--stack-dir", paramLabel = "DIR",
      description = "Data folder of the local stack, whose status.json gives the S3 endpoint and credentials "
          + "(default as ./defuse up: env DEFUSE_STACK_DIR, else <repository>/.defuse/stack).")
  Path stackDir;

  /** Environment variable naming the default local model folder. */
  static final String MODEL_DIR_ENV = "DEFUSE_MODEL_DIR";
  /** Set by the {@code ./defuse} launcher to the repository root. */
  private static final String HOME_PROPERTY = "defuse.home";

  private ObjectStore objectStore;

  /** The repositories a new model is saved to, object store first. */
  public List<ModelRepository> targets() {
    List<ModelRepository> targets = new ArrayList<>();
    boolean s3 = switch (store) {
      case s3 -> true;
      case local -> false;
      case auto -> s3Config().isPresent();
    };
    if (s3) {
      targets.add(ModelRepository.objectStore(objectStore()));
    }
    if (output != null || !s3) {
      targets.add(ModelRepository.directory(localDirectory()));
    }
    return targets;
  }

  /** Saves to every target; returns where the model went. */
  public List<String> save(ModelArtifact artifact) {
    List<String> locations = new ArrayList<>();
    for (ModelRepository repository : targets()) {
      repository.save(artifact);
      locations.add(repository.location(artifact.modelId()));
    }
    return locations;
  }

  /** Loads a model by id from the local folder if it holds it, else from the object store. */
  public ModelArtifact load(String modelId) {
    ModelRepository local = ModelRepository.directory(localDirectory());
    if (local.exists(modelId)) {
      return local.load(modelId);
    }
    if (store != StoreKind.local && s3Config().isPresent()) {
      return ModelRepository.objectStore(objectStore()).load(modelId);
    }
    throw new ModelNotFoundException(modelId, local.location(modelId)
        + (store == StoreKind.local ? "" : " (and no object store is configured)"));
  }

  private Path localDirectory() {
    if (output != null) {
      return output;
    }
    String env = System.getenv(MODEL_DIR_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return defuseDirectory().resolve("models");
  }

  /** {@code <repository>/.defuse} (the {@code ./defuse} launcher sets the repository root), else {@code ./.defuse}. */
  static Path defuseDirectory() {
    String home = System.getProperty(HOME_PROPERTY);
    return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).resolve(".defuse");
  }

  private ObjectStore objectStore() {
    if (objectStore == null) {
      ObjectStoreConfig config = s3Config().orElseThrow(() -> new IllegalArgumentException(
          "no object store: pass --s3-endpoint (or set DEFUSE_OBJECT_STORE_ENDPOINT) or start the local stack "
              + "with ./defuse up; use --store local to write to a folder instead"));
      objectStore = new ObjectStore(config);
      objectStore.ensureBucket();
    }
    return objectStore;
  }

  /** The endpoint from the options/environment, else from the running local stack's status file. */
  Optional<ObjectStoreConfig> s3Config() {
    if (endpoint != null && !endpoint.isBlank()) {
      if (accessKey == null || secretKey == null) {
        throw new IllegalArgumentException("--s3-endpoint needs --s3-access-key and --s3-secret-key "
            + "(or DEFUSE_OBJECT_STORE_ACCESS_KEY / DEFUSE_OBJECT_STORE_SECRET_KEY)");
      }
      return Optional.of(new ObjectStoreConfig(endpoint, accessKey, secretKey, bucket, region));
    }
    Path stack = stackDir != null ? stackDir : new StackDirectory().resolve();
    return StackStatus.readFrom(new StackLayout(stack).statusFile()).map(status -> new ObjectStoreConfig(
        status.s3().endpoint(), status.s3().accessKey(), status.s3().secretKey(),
        bucket != null && !bucket.isBlank() ? bucket : status.s3().bucket(), status.s3().region()));
  }

  @Override
  public void close() {
    if (objectStore != null) {
      objectStore.close();
      objectStore = null;
    }
  }
}
