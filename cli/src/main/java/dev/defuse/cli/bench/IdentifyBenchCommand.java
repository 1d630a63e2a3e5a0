package dev.defuse.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defuse.cli.train.EngineOptions;
import dev.defuse.cli.train.ModelStoreOptions;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.job.IdentifyParams;
import dev.defuse.common.job.ImageSelection;
import dev.defuse.common.ml.TorchRuntime;
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
import dev.defuse.identify.ml.PerturbationEngine;
import dev.defuse.identify.ml.PerturbationResult;
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
 * {@code ./defuse bench identify}: samples per second of Algorithm 1's inner loop (decode Q latent perturbations per
 * image and classify the decoded images) with the paper's MNIST architectures, for several images per forward pass,
 * through identify-service's own engine ({@link PerturbationEngine}).
 */
@Command(
    name = "identify",
    mixinStandardHelpOptions = true,
    description = {
        "Time identify's decode + classify loop (Algorithm 1) on MNIST with the paper's architectures at Q draws per "
            + "image, for 1, 8 and 64 images per forward pass.",
        "Without --classifier/--vae the models are trained for one epoch on a few hundred images first: throughput "
            + "does not depend on the weights.",
        "Example: ./defuse bench identify --images-per-batch 1,8,64 --seconds 30 --json"})
public final class IdentifyBenchCommand implements Callable<Integer> {

  /** PyTorch (Python, no_grad) reference quoted in issue #4, measured on this machine earlier. */
  static final String REFERENCE = "PyTorch reference (issue #4, same machine, not re-run: PyPI is unreachable here): "
      + "800-1,600 samples/s on 2 threads under load, up to 4,800 on a quiet machine";

  @Option(names = "--images-per-batch", split = ",", defaultValue = "1,8,64", paramLabel = "N",
      description = "Images per forward pass, each with Q draws (default ${DEFAULT-VALUE}).")
  List<Integer> imagesPerBatch;

  @Option(names = {"-q", "--draws"}, defaultValue = "500", paramLabel = "Q",
      description = "Draws per image (default ${DEFAULT-VALUE}).")
  int draws;

  @Option(names = "--max-samples-per-pass", defaultValue = "4000", paramLabel = "N",
      description = "Split a batch into forward passes of at most N samples (default ${DEFAULT-VALUE}; a single pass "
          + "of 64 × 500 samples needs several GB of native memory).")
  int maxSamplesPerPass;

  @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
      description = "Threads running batches at once, each with its own models, like the service's "
          + "concurrent shards (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--seconds", defaultValue = "20", paramLabel = "S",
      description = "Minimum measured seconds per configuration, after one warm-up batch (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--min-batches", defaultValue = "2", paramLabel = "N",
      description = "Minimum measured batches per configuration (default ${DEFAULT-VALUE}).")
  int minBatches;

  @Option(names = "--decoder", defaultValue = "sub-pixel", paramLabel = "sub-pixel|reference|both",
      description = "Decoder: identify's sub-pixel transposed convolutions, the architecture's reference "
          + "(zero-dilated) ones, or both (default ${DEFAULT-VALUE}).")
  String decoder;

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
    List<Boolean> decoders = switch (decoder) {
      case "sub-pixel" -> List.of(true);
      case "reference" -> List.of(false);
      case "both" -> List.of(true, false);
      default -> throw new IllegalArgumentException("--decoder must be sub-pixel, reference or both, got " + decoder);
    };
    for (int n : imagesPerBatch) {
      if (n < 1) {
        throw new IllegalArgumentException("--images-per-batch values must be positive, got " + n);
      }
    }
    if (maxSamplesPerPass < 1 || draws < 1 || workers < 1) {
      throw new IllegalArgumentException("--max-samples-per-pass, --draws and --workers must be positive");
    }
    String engineDescription = engine.start();
    err.println("engine: " + engineDescription);
    LabeledImages images = MnistDataset.train(data != null ? data
        : Path.of(System.getProperty("defuse.home", ".")).resolve(MnistDataset.DEFAULT_DIRECTORY));
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
    report.put("available_processors", Runtime.getRuntime().availableProcessors());
    report.put("load_average_before", loadAverage());
    report.put("draws_per_image", draws);
    report.put("weights", weights);
    report.put("reference", REFERENCE);
    List<Map<String, Object>> results = new ArrayList<>();
    for (boolean subPixel : decoders) {
      for (int perBatch : imagesPerBatch) {
        Map<String, Object> row = measure(vae, classifier, subPixel, images, perBatch);
        results.add(row);
        err.printf(Locale.ROOT, "%s decoder, %d worker(s), %d image(s)/batch: %.0f samples/s decode+classify, "
                + "%.0f samples/s end to end, %.0f per CPU-second (load %.1f)%n", row.get("decoder"), workers,
            perBatch, row.get("decode_classify_samples_per_s"), row.get("engine_samples_per_s"),
            row.get("engine_samples_per_cpu_s"), row.get("load_average"));
      }
    }
    report.put("results", results);
    report.put("load_average_after", loadAverage());
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      printTable(results);
      out.println(REFERENCE);
      out.println("weights: " + weights);
    }
    return 0;
  }

  /** What one worker measured. */
  private record Tally(long samples, double forwardSeconds, double wallSeconds, double cpuSeconds, int batches,
                       long mistakes, int passSize) {
  }

  /**
   * One configuration: each worker (a thread with its own models, like a concurrent shard of the service) runs a
   * warm-up batch, then all run batches together until both minimums are met.
   */
  private Map<String, Object> measure(ModelArtifact vae, ModelArtifact classifier, boolean subPixel,
                                      LabeledImages images, int perBatch) throws Exception {
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
          try (IdentifyModels models = IdentifyModels.load(vae, classifier, subPixel)) {
            PerturbationEngine engine = new PerturbationEngine(models, Math.min(perBatch * draws, maxSamplesPerPass));
            int next = run(engine, images, perBatch, firstImage, params).next;
            ready.await();
            long samples = 0;
            double forward = 0;
            double wall = 0;
            double cpu = 0;
            int batches = 0;
            long mistakes = 0;
            while (batches < minBatches || wall < seconds) {
              long start = System.nanoTime();
              long startCpu = THREADS.getCurrentThreadCpuTime();
              Run r = run(engine, images, perBatch, next, params);
              wall += (System.nanoTime() - start) / 1e9;
              cpu += (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e9;
              next = r.next;
              samples += r.result.samplesEvaluated();
              forward += r.result.timings().forwardSeconds();
              mistakes += r.result.mistakes().size();
              batches++;
            }
            return new Tally(samples, forward, wall, cpu, batches, mistakes, engine.passSize(draws));
          }
        }));
      }
      List<Tally> tallies = new ArrayList<>();
      for (Future<Tally> f : futures) {
        tallies.add(f.get());
      }
      try (IdentifyModels models = IdentifyModels.load(vae, classifier, subPixel)) {
        split = splitTimes(models, tallies.get(0).passSize());
      }
      return row(subPixel, perBatch, tallies, split, load);
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, Object> row(boolean subPixel, int perBatch, List<Tally> tallies, double[] split, double load) {
    long samples = tallies.stream().mapToLong(Tally::samples).sum();
    double wall = tallies.stream().mapToDouble(Tally::wallSeconds).max().orElse(0);
    double cpu = tallies.stream().mapToDouble(Tally::cpuSeconds).sum();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("decoder", subPixel ? "sub-pixel" : "reference");
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

  private void printTable(List<Map<String, Object>> results) {
    out.printf(Locale.ROOT, "%-10s %7s %7s %8s %8s %9s %15s %12s %12s %5s %10s %11s %6s%n", "decoder", "workers",
        "images", "samples", "batches", "seconds", "decode+classify", "end-to-end", "per CPU-s", "CPU", "decode",
        "classify", "load");
    out.printf(Locale.ROOT, "%-10s %7s %7s %8s %8s %9s %15s %12s %12s %5s %10s %11s %6s%n", "", "", "/batch",
        "/pass", "", "", "samples/s", "samples/s", "samples", "share", "ms/1k", "ms/1k", "");
    for (Map<String, Object> r : results) {
      out.printf(Locale.ROOT, "%-10s %7d %7d %8d %8d %9.1f %15.0f %12.0f %12.0f %5.2f %10.1f %11.1f %6.1f%n",
          r.get("decoder"), (int) r.get("workers"), (int) r.get("images_per_batch"),
          (int) r.get("samples_per_forward_pass"),
          (int) r.get("batches"), (double) r.get("seconds"), (double) r.get("decode_classify_samples_per_s"),
          (double) r.get("engine_samples_per_s"), (double) r.get("engine_samples_per_cpu_s"),
          (double) r.get("cpu_share"), (double) r.get("decode_ms_per_1000_samples"),
          (double) r.get("classify_ms_per_1000_samples"), (double) r.get("load_average"));
    }
  }
}
