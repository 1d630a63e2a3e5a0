package dev.defuse.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defuse.cli.annotators.AnnotatorPolicy;
import dev.defuse.cli.annotators.AnnotatorSimulation;
import dev.defuse.cli.annotators.ModelReuse;
import dev.defuse.cli.annotators.Oracle;
import dev.defuse.cli.annotators.OracleOptions;
import dev.defuse.cli.annotators.OracleTrainer;
import dev.defuse.cli.annotators.PolicyOptions;
import dev.defuse.cli.annotators.VendorClient;
import dev.defuse.cli.job.IdentifyClient;
import dev.defuse.cli.labeling.LabelingAdminClient;
import dev.defuse.cli.report.DemoReport;
import dev.defuse.cli.report.ReportWriter;
import dev.defuse.cli.stack.ServiceEnvironment;
import dev.defuse.cli.train.EngineOptions;
import dev.defuse.cli.train.ProgressBar;
import dev.defuse.common.data.DatasetFormat;
import dev.defuse.common.data.DatasetFormatException;
import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.data.DatasetSplit;
import dev.defuse.common.data.DatasetStore;
import dev.defuse.common.data.ImageShape;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.common.ml.TorchUnavailableException;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.VaeTrainer;
import dev.defuse.common.ml.train.VaeTrainingConfig;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.ObjectStoreConfig;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One run of the whole loop against a running stack: data into the object store, models trained or reused, the four
 * services started as processes, a job submitted, simulated annotators labelling over HTTP until labeling completes,
 * the corrected model awaited and the report written. {@code ./defuse demo} and the end-to-end test both use it.
 */
public final class DemoRun {

  private static final Duration POLL = Duration.ofSeconds(2);
  /** The labeling service's admin token: taken from this variable when set, else random per run. */
  public static final String ADMIN_TOKEN_ENV = "DEFUSE_LABELING_ADMIN_TOKEN";
  /** correction-service's {@code defuse.correction.baseline-data}. */
  static final String BASELINE_DATA_ENV = "DEFUSE_CORRECTION_BASELINE_DATA";

  /**
   * What to run.
   *
   * @param root             the repository root (service jars, .defuse/models)
   * @param workDir          where service logs go
   * @param modelDir         local model folder (models are kept there and in the object store, and reused)
   * @param data             IDX or image-folder dataset folder
   * @param imageFolder      whether {@code data} is an image folder
   * @param maxComponents    truncation K of distill's DP-GMM (null: the service's default, 100)
   * @param trainLimit       train the models on the first N training images only (null: all)
   * @param lambdas          correction λ sweep (null: the service's default)
   * @param correctionEpochs fine-tuning epochs (null: the service's default)
   * @param correctionLearningRate fine-tuning Adam learning rate (null: the service's default, the paper's 1e-3)
   * @param baselineData     what the identified-mistakes baseline fine-tunes on, {@code raw-mistakes} or
   *                         {@code region-mistakes} (null: the service's default, raw mistakes)
   */
  public record Settings(Path root, Path workDir, Path modelDir, Path data, boolean imageFolder, int imageSize, int channels,
      int images, int draws, Integer maxComponents, int classifierEpochs, int vaeEpochs, int latent,
      Integer trainLimit,
      List<Double> lambdas, Integer correctionEpochs, Double correctionLearningRate, String baselineData, long seed,
      Path reportDir, boolean keepRunning, String serviceJvmOptions, long timeoutMinutes, TorchSettings torch,
      OracleTrainer.Settings oracle,
      AnnotatorPolicy policy, int annotators, long annotatorSeed) {}

  /**
   * What came out.
   *
   * @param registeredModel correction-service's {@code GET /models/{id}} of the registered model (null if none)
   * @param keptRunning     services left running ({@link Settings#keepRunning()})
   */
  public record Outcome(String jobId, Path report, JsonNode correctionJob, JsonNode registeredModel,
      Map<String, List<JobEvents.Record>> events, List<ServiceFleet.Service> keptRunning) {}

  /**
   * Watches, and may disturb, a run from inside its loop: the fault-injection suite ({@code ./defuse chaos}) kills
   * and restarts services or stack servers at chosen moments of the job. The demo itself uses {@link #NONE}.
   */
  public interface Observer {
    /** Job ids are {@code <prefix>-<UTC time>}. */
    default String jobIdPrefix() {
      return "demo";
    }

    /** Pause between two progress polls of the services. */
    default Duration pollInterval() {
      return POLL;
    }

    /** After each progress poll, before the next; the loop waits while this runs. */
    default void polled(Running run, Map<String, StageProgress> progress) {
    }

    /** Once correction ended and the report is written, while the services still run. */
    default void finished(Running run) {
    }
  }

  /** An observer that only watches. */
  public static final Observer NONE = new Observer() {};

  /**
   * What an {@link Observer} can reach while the job runs.
   *
   * @param adminToken the labeling service's admin token of this run
   */
  public record Running(String jobId, ServiceFleet fleet, StackStatus stack, String adminToken) {}

  private final Settings s;

  public DemoRun(Settings settings) {
    this.s = settings;
  }

  /** Runs the loop on the stack described by {@code status}; stops the services it started unless kept running. */
  public Outcome run(StackStatus status, Map<String, Double> setupSeconds, Instant begin, PrintWriter out,
      PrintWriter err) {
    return run(status, setupSeconds, begin, out, err, NONE);
  }

  /** {@link #run(StackStatus, Map, Instant, PrintWriter, PrintWriter)} with an observer inside the loop. */
  public Outcome run(StackStatus status, Map<String, Double> setupSeconds, Instant begin, PrintWriter out,
      PrintWriter err, Observer observer) {
    Instant t;
    ServiceFleet fleet = new ServiceFleet(s.root(), s.workDir().resolve("logs"),
        List.of(s.serviceJvmOptions().trim().split("\\s+")), err);
    ObjectStoreConfig s3 = new ObjectStoreConfig(status.s3().endpoint(), status.s3().accessKey(),
        status.s3().secretKey(), status.s3().bucket(), status.s3().region());
    try (ObjectStore store = new ObjectStore(s3)) {
      store.ensureBucket();
      // 1. data into the object store, read back the way the services read it
      t = Instant.now();
      String name = s.data().toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-");
      String prefix = "datasets/" + name + "/";
      new DatasetStore(store).upload(s.data(), prefix);
      DatasetRef ref = s.imageFolder()
          ? new DatasetRef(prefix, DatasetFormat.IMAGE_FOLDER, new ImageShape(s.channels(), s.imageSize(), s.imageSize()))
          : probeIdx(store, prefix);
      LabeledImages allTrain = new DatasetStore(store).load(ref, DatasetSplit.TRAIN);
      // the models may train on the first N images (quick runs); identify samples from the whole split
      LabeledImages train = s.trainLimit() == null || s.trainLimit() >= allTrain.size() ? allTrain
          : allTrain.slice(0, s.trainLimit());
      LabeledImages test = new DatasetStore(store).load(ref, DatasetSplit.TEST);
      setupSeconds.put("dataset upload", since(t));
      err.println("data: " + s.data() + " → s3://" + store.bucket() + "/" + prefix + ": train " + train + ", test " + test);

      // 2. models, keyed by data and parameters
      err.println("engine: " + TorchRuntime.describe(TorchRuntime.start(s.torch())));
      List<ModelRepository> repositories = List.of(ModelRepository.objectStore(store),
          ModelRepository.directory(s.modelDir()));
      t = Instant.now();
      ModelArtifact classifier = baseClassifier(train, test, repositories, err);
      setupSeconds.put("base classifier", since(t));
      t = Instant.now();
      ModelArtifact vae = vae(train, repositories, err);
      setupSeconds.put("β-VAE", since(t));
      t = Instant.now();
      Oracle truth = new Oracle(new OracleTrainer(err, ProgressBar.on(err))
          .trainOrLoad(train, test, s.oracle(), repositories));
      double oracleAccuracy = truth.accuracy(test);
      setupSeconds.put("oracle", since(t));
      err.printf(Locale.ROOT, "oracle: %s, ensemble test accuracy %.2f %%%n", truth.memberIds(),
          100 * oracleAccuracy);

      // 3. services
      t = Instant.now();
      // an operator who wants to reach the admin API while the demo runs (e.g. to run `./defuse bench labels`
      // against it) chooses the token; otherwise nobody outside this process knows it
      String adminToken = Optional.ofNullable(System.getenv(ADMIN_TOKEN_ENV)).filter(token -> !token.isBlank())
          .orElseGet(() -> "demo-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
      Map<String, String> env = new LinkedHashMap<>(ServiceEnvironment.of(status));
      env.put(ADMIN_TOKEN_ENV, adminToken);
      env.put(TorchSettings.INTRA_OP_ENV, Integer.toString(s.torch().intraOpThreads()));
      env.put(TorchSettings.INTER_OP_ENV, Integer.toString(s.torch().interOpThreads()));
      if (s.baselineData() != null) {
        env.put(BASELINE_DATA_ENV, s.baselineData());
      }
      for (String service : ServiceFleet.SERVICES) {
        fleet.start(service, env);
      }
      fleet.awaitReady(Duration.ofMinutes(5));
      setupSeconds.put("services start", since(t));

      String labelingUrl = fleet.get("labeling-service").url();
      LabelingAdminClient admin = new LabelingAdminClient(labelingUrl, adminToken);
      String vendorName = "simulated-vendor-" + Instant.now().getEpochSecond();
      String apiKey = admin.createVendor(vendorName).path("apiKey").asText();
      err.println("vendor " + vendorName + " created (simulated annotators)");

      // 4. the job
      String jobId = observer.jobIdPrefix() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
          .withZone(ZoneOffset.UTC).format(Instant.now());
      JsonNode submitted = new IdentifyClient(fleet.get("identify-service").url())
          .submit(jobRequest(jobId, ref, classifier.modelId(), vae.modelId(), train.classes()));
      err.println("submitted job " + jobId + ": " + submitted.path("imagesSelected").asInt() + " images, Q="
          + submitted.path("drawsPerImage").asInt() + ", " + submitted.path("shardsTotal").asInt() + " shards");

      // 5. annotators label while the job runs; the monitor prints progress
      AtomicBoolean labelingDone = new AtomicBoolean();
      AtomicReference<Throwable> annotatorFailure = new AtomicReference<>();
      AtomicReference<AnnotatorSimulation.Stats> annotatorStats = new AtomicReference<>();
      AnnotatorSimulation simulation = new AnnotatorSimulation(new VendorClient(labelingUrl, apiKey), truth,
          new AnnotatorSimulation.Settings(s.annotators(), "sim", s.policy(), 20, jobId, s.annotatorSeed(),
              Duration.ZERO, POLL), err);
      Thread annotators = new Thread(() -> {
        try {
          annotatorStats.set(simulation.run(labelingDone::get));
        } catch (Throwable e) {
          annotatorFailure.set(e);
        }
      }, "simulated-annotators");
      annotators.setDaemon(true);
      annotators.start();

      JsonHttp http = new JsonHttp();
      String identifyUrl = fleet.get("identify-service").url();
      String distillUrl = fleet.get("distill-service").url();
      String correctionUrl = fleet.get("correction-service").url();
      ProgressMonitor monitor = new ProgressMonitor(List.of(
          new ProgressMonitor.Source("identify", id -> http.get(identifyUrl + "/jobs/" + id, null),
              StageProgress::identify),
          new ProgressMonitor.Source("distill", id -> http.get(distillUrl + "/jobs/" + id, null),
              StageProgress::distill),
          new ProgressMonitor.Source("labeling", id -> http.get(labelingUrl + "/admin/v1/jobs/" + id, adminToken),
              StageProgress::labeling),
          new ProgressMonitor.Source("correction", id -> http.get(correctionUrl + "/jobs/" + id, null),
              StageProgress::correction)), err, System.console() != null);
      long deadline = System.nanoTime() + Duration.ofMinutes(s.timeoutMinutes()).toNanos();
      Running running = new Running(jobId, fleet, status, adminToken);
      Map<String, StageProgress> progress;
      while (true) {
        fleet.checkAlive();
        progress = monitor.poll(jobId);
        observer.polled(running, progress);
        if (monitor.ended("labeling")) {
          labelingDone.set(true);
        }
        Optional<StageProgress> failed = progress.values().stream().filter(StageProgress::failed).findFirst();
        if (failed.isPresent()) {
          throw new IllegalStateException(failed.get().stage() + " failed: " + failed.get().state());
        }
        if (annotatorFailure.get() != null) {
          throw new IllegalStateException("the simulated annotators failed: " + annotatorFailure.get().getMessage());
        }
        if (monitor.ended("correction")) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the job did not finish within " + s.timeoutMinutes() + " minutes");
        }
        ServiceFleet.sleep(observer.pollInterval());
      }
      labelingDone.set(true);
      joinQuietly(annotators);

      // 6. the report
      Path reportFolder = s.reportDir();
      DemoReport report = new DemoReport(jobId, name, train, test, classifier, vae, truth.memberIds(),
          oracleAccuracy, s.policy(), s.annotators(), annotatorStats.get(),
          http.get(correctionUrl + "/jobs/" + jobId, null).orElseThrow(),
          http.get(labelingUrl + "/admin/v1/jobs/" + jobId, adminToken).orElseThrow(),
          http.get(labelingUrl + "/admin/v1/jobs/" + jobId + "/agreement", adminToken).orElse(null),
          http.get(labelingUrl + "/admin/v1/jobs/" + jobId + "/items", adminToken).orElse(null),
          JobEvents.read(status.kafka().bootstrapServers(), jobId), monitor.timings(), setupSeconds,
          since(begin));
      truth.close();
      ReportWriter writer = new ReportWriter(store);
      Path index = writer.write(report, reportFolder);
      int published = writer.publish(jobId, reportFolder);
      observer.finished(running);
      JsonNode correctionJob = report.correctionJob();
      String modelId = correctionJob.path("model").path("modelId").asText(null);
      JsonNode registered = modelId == null ? null
          : http.get(correctionUrl + "/models/" + modelId, null).orElse(null);
      out.println();
      out.println("Defuse demo finished in " + StageProgress.clock(since(begin)) + " (job " + jobId + ").");
      out.println("Report: " + index);
      out.println("  (" + published + " files also in the object store under " + ObjectKeys.jobReportPrefix(jobId)
          + ", served by correction-service at " + correctionUrl + "/jobs/" + jobId + "/report/"
          + (s.keepRunning() ? ")" : " while it runs; see --keep-running)"));
      List<ServiceFleet.Service> kept = List.of();
      if (s.keepRunning()) {
        kept = fleet.detach();
        for (ServiceFleet.Service service : kept) {
          out.println("  " + service.name() + " keeps running at " + service.url() + " (pid "
              + service.process().pid() + ")");
        }
      }
      return new Outcome(jobId, index, correctionJob, registered, report.events(), kept);
    } finally {
      fleet.close();
    }
  }

  private ModelArtifact baseClassifier(LabeledImages train, LabeledImages test,
      List<ModelRepository> repositories, PrintWriter err) {
    ClassifierTrainingConfig config = ClassifierTrainingConfig.defaults().withEpochs(s.classifierEpochs())
        .withSeed(s.seed());
    String id = String.format(Locale.ROOT, "demo-classifier-%s-e%d-s%d", shortFingerprint(train), s.classifierEpochs(),
        s.seed());
    return ModelReuse.loadOrTrain(repositories, id, err, () -> {
      err.println("training the base classifier " + id + ": " + config);
      int classes = train.classes().stream().mapToInt(ClassInfo::id).max().orElse(0) + 1;
      ModelArtifact model = new ClassifierTrainer(ProgressBar.on(err)).train(id,
          ClassifierArchitecture.paper(train.channels(), train.height(), classes), train, config).model();
      try (ClassifierRunner runner = ClassifierRunner.open(model)) {
        double accuracy = runner.accuracy(test);
        err.printf(Locale.ROOT, "base classifier %s: test accuracy %.2f %%%n", id, 100 * accuracy);
        return model.withManifest(model.manifest().withMetrics(Map.of("test_accuracy", accuracy)));
      }
    });
  }

  private ModelArtifact vae(LabeledImages train, List<ModelRepository> repositories, PrintWriter err) {
    VaeTrainingConfig config = VaeTrainingConfig.defaults().withEpochs(s.vaeEpochs()).withSeed(s.seed());
    String id = String.format(Locale.ROOT, "demo-vae-%s-k%d-e%d-s%d", shortFingerprint(train), s.latent(), s.vaeEpochs(),
        s.seed());
    return ModelReuse.loadOrTrain(repositories, id, err, () -> {
      err.println("training the β-VAE " + id + ": " + config);
      int filters = train.channels() == 1 ? VaeArchitecture.SMALL_FILTERS : VaeArchitecture.WIDE_FILTERS;
      return new VaeTrainer(ProgressBar.on(err)).train(id,
          VaeArchitecture.paper(train.channels(), train.height(), s.latent(), filters), train, config).model();
    });
  }

  private ObjectNode jobRequest(String jobId, DatasetRef ref, String classifierId, String vaeId,
      List<ClassInfo> classes) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode request = json.createObjectNode().put("jobId", jobId);
    ObjectNode ds = request.putObject("dataset").put("prefix", ref.prefix()).put("format", ref.format().name());
    ds.putObject("imageShape").put("channels", ref.imageShape().channels())
        .put("height", ref.imageShape().height()).put("width", ref.imageShape().width());
    request.put("classifierModel", classifierId).put("vaeModel", vaeId);
    ArrayNode classList = request.putArray("classes");
    classes.forEach(c -> classList.addObject().put("id", c.id()).put("name", c.name()));
    ObjectNode identify = request.putObject("identify").put("drawsPerImage", s.draws()).put("seed", s.seed());
    identify.putObject("selection").put("kind", "SAMPLE").put("count", s.images());
    if (s.maxComponents() != null) {
      request.putObject("distill").put("maxComponents", s.maxComponents());
    }
    request.putObject("labeling").put("annotatorsPerItem", s.annotators());
    ObjectNode correction = request.putObject("correction");
    if (s.lambdas() != null) {
      ArrayNode l = correction.putArray("lambdas");
      s.lambdas().forEach(l::add);
    }
    if (s.correctionEpochs() != null) {
      correction.put("epochs", s.correctionEpochs());
    }
    if (s.correctionLearningRate() != null) {
      correction.put("learningRate", s.correctionLearningRate());
    }
    return request;
  }

  /** An IDX dataset's shape, from the images themselves. */
  private static DatasetRef probeIdx(ObjectStore store, String prefix) {
    LabeledImages probe = dev.defuse.common.data.MnistDataset.load(store, prefix, DatasetSplit.TEST,
        dev.defuse.common.data.MnistDataset.CLASSES);
    return new DatasetRef(prefix, DatasetFormat.IDX, probe.shape());
  }

  private static String shortFingerprint(LabeledImages images) {
    String hex = images.fingerprint().replaceAll("^.*:", "").replaceAll("[^0-9a-fA-F]", "");
    return hex.substring(0, Math.min(12, hex.length())).toLowerCase(Locale.ROOT);
  }

  static double since(Instant start) {
    return Duration.between(start, Instant.now()).toMillis() / 1000.0;
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
