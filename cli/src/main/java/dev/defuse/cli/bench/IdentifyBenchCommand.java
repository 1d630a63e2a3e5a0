package dev.defuse.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.defuse.cli.train.EngineOptions;
import dev.defuse.cli.train.ModelStoreOptions;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.job.IdentifyParams;
import dev.defuse.common.job.ImageSelection;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.ml.train.VaeTrainer;
import dev.defuse.common.ml.train.VaeTrainingConfig;
import dev.defuse.identify.ml.IdentifyModels;
import dev.defuse.identify.ml.ImageBatch;
import dev.defuse.identify.ml.KernelLayout;
import dev.defuse.identify.ml.PerturbationEngine;
import dev.defuse.identify.ml.PerturbationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./defuse bench identify}: samples per second of Algorithm 1's inner loop (encode, draw Beta noise, decode Q
 * latent perturbations per image, classify the decoded images, keep the mistakes) with the paper's MNIST
 * architectures, for several images per forward pass, through identify-service's own engine
 * ({@link PerturbationEngine}) — side by side with a PyTorch (Python, {@code no_grad}) implementation of the same
 * loop ({@link PyTorchReference}) on the same weights, images and thread count, alternating rounds so that changes of
 * the machine's load hit both.
 */
@Command(
    name = "identify",
    mixinStandardHelpOptions = true,
    description = {
        "Time identify's decode + classify loop (Algorithm 1) on MNIST with the paper's architectures at Q draws per "
            + "image, for 1, 8 and 64 images per forward pass, next to a PyTorch (Python, no_grad) implementation "
            + "of the same loop run in the same rounds (Java, PyTorch, Java, PyTorch, ...).",
        "Without --classifier/--vae the models are trained for one epoch on a few hundred images first: throughput "
            + "does not depend on the weights. The PyTorch reference gets the same weights.",
        "Example: ./defuse bench identify --classifier mnist-classifier --vae mnist-vae-beta0.4 --rounds 2 --profile"})
public final class IdentifyBenchCommand implements Callable<Integer> {

  /** The target: Java at least this many times the PyTorch reference's samples/s, measured side by side. */
  static final double TARGET_RATIO = 1.5;
  /** PyTorch (Python, no_grad) figures quoted in issue #4 from an earlier run on this machine. */
  static final String QUOTED_REFERENCE = "issue #4 quotes an earlier PyTorch run on this machine: 800-1,600 samples/s "
      + "on 2 threads under load, up to 4,800 on a quiet machine";

  @Option(names = "--images-per-batch", split = ",", defaultValue = "1,8,64", paramLabel = "N",
      description = "Images per forward pass, each with Q draws (default ${DEFAULT-VALUE}).")
  List<Integer> imagesPerBatch;

  @Option(names = {"-q", "--draws"}, defaultValue = "500", paramLabel = "Q",
      description = "Draws per image (default ${DEFAULT-VALUE}).")
  int draws;

  @Option(names = "--max-samples-per-pass", defaultValue = "4000", paramLabel = "N",
      description = "Split a batch into forward passes of at most N samples, in both implementations (default "
          + "${DEFAULT-VALUE}; a single pass of 64 × 500 samples needs several GB of native memory).")
  int maxSamplesPerPass;

  @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
      description = "Threads running batches at once, each with its own models, like the service's "
          + "concurrent shards (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--reference-threads", paramLabel = "N",
      description = "Intra-op threads of the PyTorch reference (default: workers × Java's intra-op threads, so "
          + "both implementations get the same number of compute threads: the reference is one loop, and uses "
          + "more cores through intra-op threads). Must equal workers × intra-op threads.")
  Integer referenceThreads;

  @Option(names = "--seconds", defaultValue = "20", paramLabel = "S",
      description = "Minimum measured seconds per configuration and implementation, after one warm-up batch "
          + "(default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--min-batches", defaultValue = "2", paramLabel = "N",
      description = "Minimum measured batches per configuration (default ${DEFAULT-VALUE}).")
  int minBatches;

  @Option(names = "--rounds", defaultValue = "2", paramLabel = "N",
      description = "Rounds; each measures every configuration with Java, then with PyTorch (default "
          + "${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--reference", defaultValue = "auto", paramLabel = "auto|python|none",
      description = "PyTorch reference: python (required), none, or auto: python when an interpreter can import "
          + "torch, else Java alone with a note (default ${DEFAULT-VALUE}).")
  String reference;

  @Option(names = "--python", paramLabel = "PATH", defaultValue = "${env:DEFUSE_PYTHON}",
      description = "Python interpreter for the reference (env DEFUSE_PYTHON; default: the first of python3 and "
          + "/usr/bin/python3 that can import torch).")
  String python;

  @Option(names = "--reference-script", paramLabel = "FILE",
      description = "The reference implementation (default <repository>/" + PyTorchReference.SCRIPT + ").")
  Path referenceScript;

  @Option(names = "--kernel-layout", defaultValue = "CHANNELS_LAST", paramLabel = "CHANNELS_LAST|PLAIN",
      description = "Memory layout of the classifier's kernels on the Java side, as identify-service's "
          + "defuse.identify.kernel-layout (default ${DEFAULT-VALUE}); the reference keeps PyTorch's default layout.")
  KernelLayout kernelLayout;

  @Option(names = "--profile",
      description = "Also time every decoder and classifier layer (CPU ms per forward pass of the first setting's "
          + "pass size) in both implementations, side by side: where the time goes.")
  boolean profile;

  @Option(names = "--profile-passes", defaultValue = "10", paramLabel = "N",
      description = "Passes averaged by --profile, after two warm-up passes (default ${DEFAULT-VALUE}).")
  int profilePasses;

  @Option(names = "--classifier", paramLabel = "MODEL_ID",
      description = "A stored classifier (see ./defuse train); default: train one briefly.")
  String classifierId;

  @Option(names = "--vae", paramLabel = "MODEL_ID", description = "A stored β-VAE; default: train one briefly.")
  String vaeId;

  @Option(names = "--train-images", defaultValue = "256", paramLabel = "N",
      description = "Images for the brief training when no models are given (default ${DEFAULT-VALUE}).")
  int trainImages;

  @Option(names = "--data", paramLabel = "DIR", description = "MNIST IDX folder (default <repository>/datasets/mnist).")
  Path data;

  @Option(names = "--json", description = "Print the results as one JSON object on stdout.")
  boolean json;

  @Mixin
  EngineOptions engine;

  @Mixin
  ModelStoreOptions store;

  private final PrintStream out;
  private final PrintStream err;

  public IdentifyBenchCommand() {
    this(System.out, System.err);
  }

  IdentifyBenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    try {
      return bench();
    } catch (IllegalArgumentException | IllegalStateException | dev.defuse.common.ml.model.ModelNotFoundException
             | dev.defuse.common.ml.TorchUnavailableException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } finally {
      store.close();
    }
  }

  private int bench() throws Exception {
    for (int n : imagesPerBatch) {
      if (n < 1) {
        throw new IllegalArgumentException("--images-per-batch values must be positive, got " + n);
      }
    }
    if (maxSamplesPerPass < 1 || draws < 1 || workers < 1 || rounds < 1) {
      throw new IllegalArgumentException("--max-samples-per-pass, --draws, --workers and --rounds must be positive");
    }
    Path home = Path.of(System.getProperty("defuse.home", "."));
    Path dataDirectory = data != null ? data : home.resolve(MnistDataset.DEFAULT_DIRECTORY);
    if (profilePasses < 1) {
      throw new IllegalArgumentException("--profile-passes must be positive");
    }
    PyTorchReference.Probe python = referenceInterpreter();

    String engineDescription = engine.start();
    TorchSettings threads = engine.settings();
    int computeThreads = workers * threads.intraOpThreads();
    int torchThreads = referenceThreads == null ? computeThreads : referenceThreads;
    if (torchThreads != computeThreads) {
      throw new IllegalArgumentException("--reference-threads " + torchThreads + " would give PyTorch another number"
          + " of compute threads than Java's " + workers + " worker(s) × " + threads.intraOpThreads()
          + " intra-op thread(s): the comparison gives both the same");
    }
    err.println("engine: " + engineDescription);
    err.printf(Locale.ROOT, "threads: Java %d worker(s) × %d intra-op, PyTorch 1 loop × %d intra-op; %d inter-op in "
            + "both (Java default %d: --threads or %s; PyTorch's own default on this machine is reported by the "
            + "reference)%n", workers, threads.intraOpThreads(), torchThreads, threads.interOpThreads(),
        TorchSettings.DEFAULT_THREADS, TorchSettings.INTRA_OP_ENV);
    LabeledImages images = MnistDataset.train(dataDirectory);
    ModelArtifact vae;
    ModelArtifact classifier;
    String weights;
    if (classifierId != null || vaeId != null) {
      if (classifierId == null || vaeId == null) {
        throw new IllegalArgumentException("give both --classifier and --vae, or neither");
      }
      classifier = store.load(classifierId);
      vae = store.load(vaeId);
      weights = "stored models " + classifierId + " and " + vaeId;
    } else {
      err.printf(Locale.ROOT, "training a classifier and a β-VAE for one epoch on %d images ...%n", trainImages);
      LabeledImages train = images.slice(0, Math.min(trainImages, images.size()));
      classifier = new ClassifierTrainer(ProgressListener.silent()).train("bench-classifier",
          ClassifierArchitecture.mnist(), train, ClassifierTrainingConfig.defaults().withEpochs(1)).model();
      vae = new VaeTrainer(ProgressListener.silent()).train("bench-vae", VaeArchitecture.mnist(10), train,
          VaeTrainingConfig.defaults().withEpochs(1).withKlAnnealSteps(0)).model();
      weights = "paper MNIST architectures after one epoch on " + train.size() + " images (throughput does not "
          + "depend on the weights)";
    }

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", Instant.now().toString());
    report.put("engine", engineDescription);
    report.put("workers", workers);
    report.put("kernel_layout", kernelLayout.name());
    report.put("intra_op_threads", threads.intraOpThreads());
    report.put("reference_intra_op_threads", torchThreads);
    report.put("inter_op_threads", threads.interOpThreads());
    report.put("java_default_intra_op_threads", TorchSettings.DEFAULT_THREADS);
    report.put("available_processors", Runtime.getRuntime().availableProcessors());
    report.put("load_average_before", loadAverage());
    report.put("draws_per_image", draws);
    report.put("max_samples_per_pass", maxSamplesPerPass);
    report.put("weights", weights);
    List<Map<String, Object>> javaRows = new ArrayList<>();
    List<JsonNode> referenceRows = new ArrayList<>();
    JsonNode referenceInfo = null;
    Map<String, Object> javaProfile = null;
    JsonNode referenceProfile = null;
    int profileSamples = passSize(imagesPerBatch.get(0));
    try (PyTorchReference pytorch = python == null ? null : PyTorchReference.prepare(python.python(),
        referenceScript != null ? referenceScript : home.resolve(PyTorchReference.SCRIPT), dataDirectory,
        classifier, vae, images)) {
      for (int round = 1; round <= rounds; round++) {
        for (int perBatch : imagesPerBatch) {
          Map<String, Object> row = measure(vae, classifier, images, perBatch);
          row.put("round", round);
          javaRows.add(row);
          err.printf(Locale.ROOT, "round %d/%d, %d image(s)/batch: Java %.0f samples/s (%.0f decode+classify, %.0f "
                  + "per CPU-second, load %.1f)%n", round, rounds, perBatch, row.get("engine_samples_per_s"),
              row.get("decode_classify_samples_per_s"), row.get("engine_samples_per_cpu_s"), row.get("load_average"));
          if (pytorch == null) {
            continue;
          }
          JsonNode result = pytorch.measure(new PyTorchReference.Settings(perBatch, draws,
              IdentifyParams.DEFAULT_BETA_A, IdentifyParams.DEFAULT_BETA_B,
              IdentifyParams.DEFAULT_MAX_MISTAKES_PER_IMAGE, maxSamplesPerPass, torchThreads,
              threads.interOpThreads(), seconds, minBatches, 0));
          if (referenceInfo == null) {
            referenceInfo = result;
            var mismatch = pytorch.parameterMismatch(result);
            if (mismatch.isPresent()) {
              throw new IllegalStateException(mismatch.get());
            }
            err.printf(Locale.ROOT, "PyTorch reference: torch %s, %d thread(s) (its default here: %d), BLAS %s; "
                    + "parameters classifier %,d / β-VAE %,d in both; probe max |Δ| %s%n",
                result.path("torch_version").asText(), result.path("threads").asInt(),
                result.path("default_threads").asInt(), result.path("blas").asText(),
                pytorch.javaClassifierParameters(), pytorch.javaVaeParameters(), maxDeviation(result));
          }
          JsonNode r = result.path("results").get(0);
          ((com.fasterxml.jackson.databind.node.ObjectNode) r).put("round", round);
          referenceRows.add(r);
          err.printf(Locale.ROOT, "round %d/%d, %d image(s)/batch: PyTorch %.0f samples/s (%.0f decode+classify, %.0f "
                  + "per CPU-second, load %.1f)%n", round, rounds, perBatch, r.path("samples_per_s").asDouble(),
              r.path("decode_classify_samples_per_s").asDouble(), r.path("samples_per_cpu_s").asDouble(),
              r.path("load_average").asDouble());
        }
      }
      if (profile) {
        err.printf(Locale.ROOT, "profiling every layer over %d passes of %d samples ...%n", profilePasses,
            profileSamples);
        javaProfile = LayerProfiler.profile(vae, classifier, kernelLayout, profileSamples, profilePasses);
        if (pytorch != null) {
          // layer against layer on the same thread count (Java's LayerProfiler runs one network on one worker)
          referenceProfile = pytorch.profileLayers(profileSamples, profilePasses, threads.intraOpThreads(),
              threads.interOpThreads()).path("layer_profile");
        }
      }
    }
    report.put("results", javaRows);
    List<Map<String, Object>> comparison = referenceRows.isEmpty() ? List.of() : compare(javaRows, referenceRows);
    if (referenceInfo != null) {
      Map<String, Object> info = new LinkedHashMap<>();
      for (String field : List.of("implementation", "python", "python_version", "torch_version", "numpy_version",
          "blas", "threads", "default_threads", "interop_threads", "default_interop_threads",
          "parallel_backend",
          "parameters", "probe", "weights")) {
        if (referenceInfo.has(field)) {
          info.put(field, referenceInfo.get(field));
        }
      }
      info.put("results", referenceRows);
      report.put("reference", info);
      report.put("comparison", comparison);
      report.put("target_ratio", TARGET_RATIO);
      report.put("target_met", comparison.stream().allMatch(c -> (double) c.get("ratio") >= TARGET_RATIO));
    } else {
      report.put("reference", python == null ? "not run" : "failed");
    }
    if (javaProfile != null) {
      Map<String, Object> layers = new LinkedHashMap<>();
      layers.put("java", javaProfile);
      layers.put("pytorch", referenceProfile);
      report.put("layer_profile", layers);
    }
    report.put("quoted_reference", QUOTED_REFERENCE);
    report.put("load_average_after", loadAverage());
    if (json) {
      out.println(reportWriter().writeValueAsString(report));
    } else {
      printTable(javaRows);
      if (!comparison.isEmpty()) {
        out.println();
        printComparison(comparison, threads, torchThreads);
      }
      if (javaProfile != null) {
        out.println();
        printProfile(javaProfile, referenceProfile);
      }
      out.println("weights: " + weights);
    }
    return 0;
  }

  /** The interpreter to run the reference with, or null for Java alone (with the reason on stderr). */
  private PyTorchReference.Probe referenceInterpreter() {
    boolean required = switch (reference) {
      case "python" -> true;
      case "auto" -> false;
      case "none" -> {
        err.println("PyTorch reference: off (--reference none)");
        yield false;
      }
      default -> throw new IllegalArgumentException("--reference must be auto, python or none, got " + reference);
    };
    if (reference.equals("none")) {
      return null;
    }
    List<String> candidates = python != null && !python.isBlank() ? List.of(python)
        : List.of("python3", "/usr/bin/python3");
    PyTorchReference.Probe found = PyTorchReference.find(candidates);
    if (found.usable()) {
      err.println("PyTorch reference: " + found.python() + " (" + found.detail() + ")");
      return found;
    }
    String message = "PyTorch for Python is not installed: " + String.join(", ", candidates)
        + " cannot import torch (" + found.python() + ": " + found.detail() + "). Install it (Debian: apt-get "
        + "install python3-torch python3-numpy) or point --python / DEFUSE_PYTHON at an interpreter that has it";
    if (required) {
      throw new IllegalStateException(message);
    }
    err.println(message + "; measuring Java alone.");
    return null;
  }

  private static String maxDeviation(JsonNode report) {
    double max = 0;
    for (JsonNode value : report.path("probe")) {
      max = Math.max(max, value.asDouble());
    }
    return String.format(Locale.ROOT, "%.1e", max);
  }

  /** Per images-per-batch setting: mean samples/s of each implementation over the rounds, and their ratio. */
  private List<Map<String, Object>> compare(List<Map<String, Object>> javaRows, List<JsonNode> referenceRows) {
    List<Map<String, Object>> comparison = new ArrayList<>();
    for (int perBatch : imagesPerBatch) {
      List<Double> java = new ArrayList<>();
      List<Double> javaCpu = new ArrayList<>();
      List<Double> torch = new ArrayList<>();
      List<Double> torchCpu = new ArrayList<>();
      List<Double> loads = new ArrayList<>();
      for (Map<String, Object> row : javaRows) {
        if ((int) row.get("images_per_batch") == perBatch) {
          java.add((double) row.get("engine_samples_per_s"));
          javaCpu.add((double) row.get("engine_samples_per_process_cpu_s"));
          loads.add((double) row.get("load_average"));
        }
      }
      for (JsonNode row : referenceRows) {
        if (row.path("images_per_batch").asInt() == perBatch) {
          torch.add(row.path("samples_per_s").asDouble());
          torchCpu.add(row.path("samples_per_cpu_s").asDouble());
          loads.add(row.path("load_average").asDouble());
        }
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("images_per_batch", perBatch);
      c.put("java_samples_per_s", mean(java));
      c.put("pytorch_samples_per_s", mean(torch));
      c.put("ratio", mean(java) / mean(torch));
      c.put("java_samples_per_cpu_s", mean(javaCpu));
      c.put("pytorch_samples_per_cpu_s", mean(torchCpu));
      c.put("cpu_ratio", mean(javaCpu) / mean(torchCpu));
      c.put("java_rounds", java);
      c.put("pytorch_rounds", torch);
      c.put("load_average_min", loads.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
      c.put("load_average_max", loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
      comparison.add(c);
    }
    return comparison;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** What one worker measured. */
  private record Tally(long samples, double forwardSeconds, double wallSeconds, double cpuSeconds,
                       double processCpuSeconds, long pageFaults, int batches, long mistakes, int passSize) {
  }

  /**
   * One configuration: each worker (a thread with its own models, like a concurrent shard of the service) runs a
   * warm-up batch, then all run batches together until both minimums are met.
   */
  private Map<String, Object> measure(ModelArtifact vae, ModelArtifact classifier, LabeledImages images, int perBatch)
      throws Exception {
    IdentifyParams params = new IdentifyParams(draws, IdentifyParams.DEFAULT_BETA_A, IdentifyParams.DEFAULT_BETA_B,
        IdentifyParams.DEFAULT_MAX_MISTAKES_PER_IMAGE, ImageSelection.all(), false, perBatch, 0);
    CyclicBarrier ready = new CyclicBarrier(workers);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<Tally>> futures = new ArrayList<>();
    double load = loadAverage();
    double[] split;
    try {
      for (int w = 0; w < workers; w++) {
        int firstImage = w * IMAGES_PER_WORKER;
        futures.add(pool.submit(() -> {
          try (IdentifyModels models = IdentifyModels.load(vae, classifier, kernelLayout)) {
            PerturbationEngine engine = new PerturbationEngine(models, passCap(perBatch));
            int next = run(engine, images, perBatch, firstImage, params).next;
            ready.await();
            long samples = 0;
            double forward = 0;
            double wall = 0;
            double cpu = 0;
            double processCpu = 0;
            long faults = 0;
            int batches = 0;
            long mistakes = 0;
            while (batches < minBatches || wall < seconds) {
              long start = System.nanoTime();
              long startCpu = THREADS.getCurrentThreadCpuTime();
              long startProcessCpu = processCpuNanos();
              long startFaults = LayerProfiler.minorPageFaults();
              Run r = run(engine, images, perBatch, next, params);
              wall += (System.nanoTime() - start) / 1e9;
              cpu += (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e9;
              processCpu += (processCpuNanos() - startProcessCpu) / 1e9;
              faults += LayerProfiler.minorPageFaults() - startFaults;
              next = r.next;
              samples += r.result.samplesEvaluated();
              forward += r.result.timings().forwardSeconds();
              mistakes += r.result.mistakes().size();
              batches++;
            }
            return new Tally(samples, forward, wall, cpu, processCpu, faults, batches, mistakes,
                engine.passSize(draws));
          }
        }));
      }
      List<Tally> tallies = new ArrayList<>();
      for (Future<Tally> f : futures) {
        tallies.add(f.get());
      }
      try (IdentifyModels models = IdentifyModels.load(vae, classifier, kernelLayout)) {
        split = splitTimes(models, tallies.get(0).passSize());
      }
      return row(perBatch, tallies, split, load);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The engine's cap on samples per forward pass for a batch: never more than the batch's draws. */
  private int passCap(int perBatch) {
    return (int) Math.min((long) perBatch * draws, maxSamplesPerPass);
  }

  /** Samples per forward pass for a batch (as {@link PerturbationEngine#passSize}). */
  private int passSize(int perBatch) {
    int cap = passCap(perBatch);
    return draws <= cap ? (cap / draws) * draws : cap;
  }

  private Map<String, Object> row(int perBatch, List<Tally> tallies, double[] split, double load) {
    long samples = tallies.stream().mapToLong(Tally::samples).sum();
    double wall = tallies.stream().mapToDouble(Tally::wallSeconds).max().orElse(0);
    double cpu = tallies.stream().mapToDouble(Tally::cpuSeconds).sum();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("workers", workers);
    row.put("images_per_batch", perBatch);
    row.put("samples_per_batch", perBatch * draws);
    row.put("samples_per_forward_pass", tallies.get(0).passSize());
    row.put("batches", tallies.stream().mapToInt(Tally::batches).sum());
    row.put("samples", samples);
    row.put("seconds", wall);
    // the workers' decode + classify rates add up: they run at the same time
    row.put("decode_classify_samples_per_s",
        tallies.stream().mapToDouble(t -> t.samples() / t.forwardSeconds()).sum());
    row.put("engine_samples_per_s", samples / wall);
    // with one intra-op thread libtorch computes on the calling thread: its CPU time is the work done, so this is
    // the rate one otherwise idle core would reach, whatever else the machine is running
    row.put("engine_samples_per_cpu_s", samples / cpu);
    row.put("cpu_share", cpu / wall);
    // the whole process (libtorch's pool threads, GC, JIT): comparable with the Python process's CPU time; with
    // several workers their batches overlap, so only one worker's figure is meaningful
    row.put("engine_samples_per_process_cpu_s",
        workers == 1 ? samples / tallies.get(0).processCpuSeconds() : Double.NaN);
    // process-wide, so with one worker: pages the allocator handed out fresh (see NativeAllocator)
    row.put("minor_page_faults_per_1000_samples",
        workers == 1 ? tallies.get(0).pageFaults() * 1000.0 / samples : Double.NaN);
    row.put("decode_ms_per_1000_samples", split[0]);
    row.put("classify_ms_per_1000_samples", split[1]);
    row.put("mistakes_kept", tallies.stream().mapToLong(Tally::mistakes).sum());
    row.put("load_average", load);
    return row;
  }

  private record Run(PerturbationResult result, int next) {
  }

  private Run run(PerturbationEngine engine, LabeledImages images, int perBatch, int first, IdentifyParams params) {
    int[] indices = new int[perBatch];
    for (int i = 0; i < perBatch; i++) {
      indices[i] = (first + i) % images.size();
    }
    return new Run(engine.run(ImageBatch.of(images, indices), params), (first + perBatch) % images.size());
  }

  /** Milliseconds per 1,000 samples of the decoder alone and the classifier alone, over one pass of random codes. */
  private static double[] splitTimes(IdentifyModels models, int samples) {
    int k = models.latentSize();
    float[] codes = new float[samples * k];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < codes.length; i++) {
      codes[i] = (float) (random.nextDouble() * 2 - 1);
    }
    try (NDManager manager = models.newManager()) {
      NDArray z = manager.create(codes, new Shape(samples, k));
      long t0 = System.nanoTime();
      NDArray decoded = models.decode(z);
      long t1 = System.nanoTime();
      models.predict(decoded);
      long t2 = System.nanoTime();
      return new double[] {(t1 - t0) / 1e6 / samples * 1000, (t2 - t1) / 1e6 / samples * 1000};
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Workers start this many images apart so they do not perturb the same images. */
  private static final int IMAGES_PER_WORKER = 1000;

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** CPU time of the whole JVM, all threads (libtorch's included). */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  private void printTable(List<Map<String, Object>> results) {
    out.println("Java (identify-service's PerturbationEngine):");
    out.printf(Locale.ROOT, "%5s %7s %7s %8s %8s %9s %15s %12s %12s %5s %10s %11s %8s %6s%n", "round", "workers",
        "images", "samples", "batches", "seconds", "decode+classify", "end-to-end", "per CPU-s", "CPU", "decode",
        "classify", "faults", "load");
    out.printf(Locale.ROOT, "%5s %7s %7s %8s %8s %9s %15s %12s %12s %5s %10s %11s %8s %6s%n", "", "", "/batch",
        "/pass", "", "", "samples/s", "samples/s", "samples", "share", "ms/1k", "ms/1k", "/1k", "");
    for (Map<String, Object> r : results) {
      out.printf(Locale.ROOT, "%5d %7d %7d %8d %8d %9.1f %15.0f %12.0f %12.0f %5.2f %10.1f %11.1f %8s %6.1f%n",
          (int) r.get("round"), (int) r.get("workers"), (int) r.get("images_per_batch"),
          (int) r.get("samples_per_forward_pass"),
          (int) r.get("batches"), (double) r.get("seconds"), (double) r.get("decode_classify_samples_per_s"),
          (double) r.get("engine_samples_per_s"), (double) r.get("engine_samples_per_cpu_s"),
          (double) r.get("cpu_share"), (double) r.get("decode_ms_per_1000_samples"),
          (double) r.get("classify_ms_per_1000_samples"),
          orDash((double) r.get("minor_page_faults_per_1000_samples"), "%.0f"), (double) r.get("load_average"));
    }
  }

  @SuppressWarnings("unchecked")
  private void printProfile(Map<String, Object> java, JsonNode pytorch) {
    List<Map<String, Object>> layers = (List<Map<String, Object>>) java.get("layers");
    boolean paired = pytorch != null && pytorch.path("layers").size() == layers.size();
    out.printf(Locale.ROOT, "Where the time goes: CPU ms per forward pass of %d samples (mean of %d passes)%n",
        (int) java.get("samples_per_pass"), (int) java.get("passes"));
    out.printf(Locale.ROOT, "%-11s %-22s %10s   %-16s %10s%n", "network", "DJL layer", "Java ms", "PyTorch layer",
        paired ? "PyTorch ms" : "");
    double javaTotal = 0;
    double torchTotal = 0;
    for (int i = 0; i < layers.size(); i++) {
      Map<String, Object> layer = layers.get(i);
      double ms = (double) layer.get("cpu_ms_per_pass");
      javaTotal += ms;
      if (paired) {
        JsonNode other = pytorch.path("layers").get(i);
        torchTotal += other.path("cpu_ms_per_pass").asDouble();
        out.printf(Locale.ROOT, "%-11s %-22s %10.2f   %-16s %10.2f%n", layer.get("network"), layer.get("layer"), ms,
            other.path("layer").asText(), other.path("cpu_ms_per_pass").asDouble());
      } else {
        out.printf(Locale.ROOT, "%-11s %-22s %10.2f%n", layer.get("network"), layer.get("layer"), ms);
      }
    }
    out.printf(Locale.ROOT, "%-11s %-22s %10.2f   %-16s %10s%n", "total", "", javaTotal, "",
        paired ? String.format(Locale.ROOT, "%.2f", torchTotal) : "");
    out.printf(Locale.ROOT, "minor page faults per pass: Java %.0f%s%n", (double) java.get("minor_page_faults_per_pass"),
        pytorch == null ? "" : String.format(Locale.ROOT, ", PyTorch %.0f",
            pytorch.path("minor_page_faults_per_pass").asDouble()));
  }

  /**
   * The JSON writer of the report. Figures a run does not measure (per CPU-second and page faults with several
   * workers) are NaN inside and {@code null} in the JSON, not Jackson's default string "NaN" where numbers stand.
   */
  static ObjectMapper reportWriter() {
    SimpleModule notMeasured = new SimpleModule().addSerializer(Double.class, new StdSerializer<>(Double.class) {
      @Override
      public void serialize(Double value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (value.isNaN()) {
          generator.writeNull();
        } else {
          generator.writeNumber(value);
        }
      }
    });
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).registerModule(notMeasured);
  }

  private static String orDash(double value, String format) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
  }

  private void printComparison(List<Map<String, Object>> comparison, TorchSettings threads, int torchThreads) {
    out.printf(Locale.ROOT, "Side by side (end-to-end samples/s, mean over %d round(s); Java %d worker(s) × %d "
        + "intra-op thread(s), classifier kernels %s; PyTorch %d intra-op thread(s), default layout%s):%n", rounds,
        workers, threads.intraOpThreads(), kernelLayout.name().toLowerCase(Locale.ROOT).replace('_', '-'),
        torchThreads, workers == 1 ? "" : "; per CPU-second only with one worker");
    out.printf(Locale.ROOT, "%7s %12s %12s %7s %12s %12s %7s %12s%n", "images", "Java", "PyTorch", "ratio", "Java",
        "PyTorch", "ratio", "load");
    out.printf(Locale.ROOT, "%7s %12s %12s %7s %12s %12s %7s %12s%n", "/batch", "samples/s", "samples/s", "", "/CPU-s",
        "/CPU-s", "(CPU)", "average");
    boolean met = true;
    for (Map<String, Object> c : comparison) {
      double ratio = (double) c.get("ratio");
      met &= ratio >= TARGET_RATIO;
      double cpuRatio = (double) c.get("cpu_ratio");
      // with several workers Java's per-CPU-second figure is not measured (their batches overlap): a dash, not NaN
      out.printf(Locale.ROOT, "%7d %12.0f %12.0f %6.2f× %12s %12.0f %7s %5.1f–%-5.1f%n",
          (int) c.get("images_per_batch"), (double) c.get("java_samples_per_s"),
          (double) c.get("pytorch_samples_per_s"), ratio, orDash((double) c.get("java_samples_per_cpu_s"), "%.0f"),
          (double) c.get("pytorch_samples_per_cpu_s"), orDash(cpuRatio, "%.2f×"),
          (double) c.get("load_average_min"), (double) c.get("load_average_max"));
    }
    out.printf(Locale.ROOT, "target Java ≥ %.1f× PyTorch (samples/s): %s%n", TARGET_RATIO,
        met ? "met for every setting" : "NOT met for every setting");
  }
}
