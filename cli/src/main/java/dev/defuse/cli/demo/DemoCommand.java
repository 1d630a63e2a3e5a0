package dev.defuse.cli.demo;

import dev.defuse.cli.annotators.OracleOptions;
import dev.defuse.cli.annotators.PolicyOptions;
import dev.defuse.cli.annotators.VendorClient;
import dev.defuse.cli.job.IdentifyClient;
import dev.defuse.cli.labeling.LabelingAdminClient;
import dev.defuse.cli.train.EngineOptions;
import dev.defuse.common.data.DatasetFormatException;
import dev.defuse.common.data.DatasetSplit;
import dev.defuse.common.events.BaselineData;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.common.ml.TorchUnavailableException;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.store.ObjectStoreException;
import dev.defuse.stack.StackConfig;
import dev.defuse.stack.StackDefaults;
import dev.defuse.stack.StackException;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackStatus;
import dev.defuse.stack.StackTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse demo}: the whole loop in one command. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Run the whole Defuse loop locally: build what is missing, start the local stack and the four services as "
            + "separate processes, train (or reuse) the base classifier, the β-VAE and the simulated annotators' "
            + "oracle, submit a job, let simulated annotators label through the vendor API over HTTP, wait for the "
            + "corrected model and write report/index.html. Stops what it started unless --keep-running.",
        "Quick run: ./defuse demo --images 200 --draws 20 --classifier-epochs 2 --vae-epochs 2 --oracle-epochs 3 "
            + "--oracle-members 1 --lambdas 0.1,1 --correction-epochs 1",
        "The labeling service's admin token is random per run, or DEFUSE_LABELING_ADMIN_TOKEN when that is set (to "
            + "use the admin API, e.g. ./defuse bench labels --url, while the demo runs)."})
public final class DemoCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofSeconds(2);
  /**
   * Epochs of the demo's base classifier and β-VAE: 10 instead of the ML core's 20 keeps a first run (training
   * included) within the 15-minute budget on 2 cores; measured 97.9 % test accuracy for the classifier.
   */
  static final int DEMO_MODEL_EPOCHS = 10;
  private static final String HOME_PROPERTY = "defuse.home";

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "datasets/mnist",
      description = "Dataset: an IDX folder (train-*/t10k-* files) or an image folder (DIR/train/<class>/…, "
          + "DIR/test/<class>/…) (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--image-size", paramLabel = "PX", defaultValue = "32",
      description = "Side image-folder images are resized to (default ${DEFAULT-VALUE}; IDX keeps its own).")
  int imageSize;

  @Option(names = "--channels", paramLabel = "C", defaultValue = "3",
      description = "Channels of image-folder images: 1 or 3 (default ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--images", paramLabel = "N", defaultValue = "2000",
      description = "Training images identify perturbs, sampled with the job seed (default ${DEFAULT-VALUE}).")
  int images;

  @Option(names = {"-q", "--draws"}, paramLabel = "Q", defaultValue = "100",
      description = "Noise draws per image, Q (default ${DEFAULT-VALUE}; the paper uses 500).")
  int draws;

  @Option(names = "--max-components", paramLabel = "K",
      description = "Truncation K of the DP-GMM (default: the service's, 100 as in the paper; smaller for quick runs).")
  Integer maxComponents;

  @Option(names = "--classifier-epochs", paramLabel = "N", defaultValue = "" + DEMO_MODEL_EPOCHS,
      description = "Epochs of the base classifier (default ${DEFAULT-VALUE}).")
  int classifierEpochs;

  @Option(names = "--vae-epochs", paramLabel = "N", defaultValue = "" + DEMO_MODEL_EPOCHS,
      description = "Epochs of the β-VAE (default ${DEFAULT-VALUE}).")
  int vaeEpochs;

  @Option(names = "--latent", paramLabel = "K", defaultValue = "10",
      description = "Latent dimensions of the β-VAE (default ${DEFAULT-VALUE}).")
  int latent;

  @Option(names = "--lambdas", paramLabel = "λ,λ,…", split = ",", defaultValue = "0.1,1,10,100",
      description = "λ values of the correction sweep (default ${DEFAULT-VALUE}: the decades of the paper's grid "
          + "1e-10 … 1000 where the failure term matters; `--lambdas 1e-10,1e-9,…,1000` runs the paper's grid).")
  List<Double> lambdas;

  @Option(names = "--correction-epochs", paramLabel = "N", defaultValue = "2",
      description = "Fine-tuning epochs per λ (default ${DEFAULT-VALUE}; the service's default is the paper's 3).")
  Integer correctionEpochs;

  @Option(names = "--correction-learning-rate", paramLabel = "RATE", defaultValue = "1e-4",
      description = "Fine-tuning Adam learning rate (default ${DEFAULT-VALUE}; the service's default is the paper's "
          + "1e-3, meant for a base model trained at a constant 1e-3 — the demo's base classifier ends its "
          + "cosine-annealed training at 1e-5, and restarting at 1e-3 cost it 0.3 points of test accuracy).")
  Double correctionLearningRate;

  @Option(names = "--baseline", paramLabel = "KIND", defaultValue = "raw-mistakes",
      description = "What the identified-mistakes baseline fine-tunes on: raw-mistakes (every identified mistake "
          + "with its source image's label, the paper's baseline; default) or region-mistakes (the mistakes in the "
          + "misclassification regions with the regions' annotator labels, a stronger ablation).")
  String baselineData;

  @Option(names = "--train-limit", paramLabel = "N",
      description = "Train the models on the first N training images only (quick runs; default: all).")
  Integer trainLimit;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the base models and of the job (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Where the report goes (default <repository>/report).")
  Path reportDir;

  @Option(names = "--stack-dir", paramLabel = "DIR",
      description = "Data folder of the demo's own local stack (default <repository>/.defuse/demo/stack).")
  Path stackDir;

  @Option(names = "--keep-running", description = "Leave the stack and the services running at the end.")
  boolean keepRunning;

  @Option(names = "--no-build", description = "Fail instead of building the services' jars when they are missing.")
  boolean noBuild;

  @Option(names = "--service-jvm-options", paramLabel = "OPTS", defaultValue = "-Xmx1g",
      description = "JVM options of each service process (default ${DEFAULT-VALUE}).")
  String serviceJvmOptions;

  @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "60",
      description = "Give up when the job has not finished after this many minutes (default ${DEFAULT-VALUE}).")
  long timeoutMinutes;

  @Mixin EngineOptions engine;
  @Mixin OracleOptions oracle;
  @Mixin PolicyOptions policy;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (StackException | VendorClient.VendorApiException | IdentifyClient.ApiException
             | LabelingAdminClient.ApiException | TorchUnavailableException | ModelLoadException
             | DatasetFormatException | ObjectStoreException | IllegalArgumentException | IllegalStateException
             | UncheckedIOException e) {
      err.println();
      err.println("demo failed: " + e.getMessage());
      return 1;
    }
  }

  private int run(PrintWriter out, PrintWriter err) {
    Instant begin = Instant.now();
    Map<String, Double> setupSeconds = new LinkedHashMap<>();
    String baseline = BaselineData.fromKey(baselineData).key(); // a bad --baseline fails before anything starts
    Path root = root();
    Path workDir = root.resolve(".defuse/demo");
    if (!data.isAbsolute() && !Files.isDirectory(data)) {
      data = root.resolve(data); // the default, datasets/mnist, is relative to the repository, not the working dir
    }
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("--data " + data + " is not a folder");
    }
    boolean imageFolder = Files.isDirectory(data.resolve(DatasetSplit.TRAIN.folderName()));

    Instant t = Instant.now();
    buildMissing(root, noBuild, err);
    setupSeconds.put("build", DemoRun.since(t));

    t = Instant.now();
    Path stackData = stackDir != null ? stackDir.toAbsolutePath() : workDir.resolve("stack");
    StackConfig stackConfig = StackConfig.defaults(stackData).withFreePorts(true)
        .withTopics(StackTopics.all(StackDefaults.WORK_PARTITIONS, StackDefaults.EVENT_PARTITIONS));
    if (!keepRunning) {
      // a stack started for this run only also dies with it (Ctrl-C included)
      stackConfig = stackConfig.withParentPid(ProcessHandle.current().pid());
    }
    err.println("starting the local stack in " + stackData + " ...");
    StackLauncher launcher = new StackLauncher();
    StackLauncher.StartResult stack = launcher.start(stackConfig, Duration.ofMinutes(3));
    boolean stopStack = !stack.alreadyRunning() && !keepRunning;
    setupSeconds.put("stack", DemoRun.since(t));
    err.println(stack.alreadyRunning() ? "the demo stack was already running" : "stack up: " + stack.status()
        .summary());
    StackStatus status = stack.status();

    DemoRun.Settings settings = new DemoRun.Settings(root, workDir, root.resolve(".defuse/models"),
        data.toAbsolutePath().normalize(), imageFolder,
        imageSize, channels, images, draws, maxComponents, classifierEpochs, vaeEpochs, latent, trainLimit, lambdas,
        correctionEpochs, correctionLearningRate, baseline, seed,
        reportDir != null ? reportDir.toAbsolutePath() : root.resolve("report"),
        keepRunning, serviceJvmOptions, timeoutMinutes, trainingThreads(), oracle.settings(), policy.policy(),
        policy.annotators, policy.seed);
    try {
      new DemoRun(settings).run(status, setupSeconds, begin, out, err);
      if (keepRunning) {
        out.println("  the stack keeps running in " + stackData + " (stop it: ./defuse down --data-dir "
            + stackData + ")");
      }
      return 0;
    } finally {
      if (stopStack) {
        launcher.stop(stackData, Duration.ofMinutes(1));
        err.println("stopped the services and the stack");
      }
    }
  }

  /**
   * Builds the services whose packaged application is missing or older than their sources (also used by
   * {@code ./defuse chaos}); with {@code noBuild}, fails instead.
   */
  public static void buildMissing(Path root, boolean noBuild, PrintWriter err) {
    List<String> missing = new ArrayList<>();
    for (String service : ServiceFleet.SERVICES) {
      if (!ServiceFleet.upToDate(root, service)) {
        missing.add(service);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    if (noBuild) {
      throw new IllegalStateException("the packaged services " + missing + " are missing or older than their sources, "
          + "and --no-build was given");
    }
    err.println("building " + missing + " (missing or older than their sources) ...");
    err.flush();
    try {
      Process maven = new ProcessBuilder(root.resolve("mvnw").toString(), "-q", "-B", "install", "-DskipTests",
          "-pl", String.join(",", missing), "-am").directory(root.toFile()).inheritIO().start();
      if (maven.waitFor() != 0) {
        throw new IllegalStateException("building " + missing + " failed (see the Maven output above)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run Maven: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /**
   * libtorch threads for the demo's own training: every core unless --threads or DEFUSE_TORCH_THREADS says otherwise,
   * because nothing else runs while the demo trains (the services start afterwards).
   */
  private TorchSettings trainingThreads() {
    boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--threads")
        || System.getenv(TorchSettings.INTRA_OP_ENV) != null;
    return explicit ? engine.settings()
        : engine.settings().withIntraOpThreads(Runtime.getRuntime().availableProcessors());
  }

  /** The repository root: {@code -Ddefuse.home} (set by ./defuse), else the working directory. */
  public static Path root() {
    String home = System.getProperty(HOME_PROPERTY);
    return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
  }

}
