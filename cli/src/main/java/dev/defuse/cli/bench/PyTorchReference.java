package dev.defuse.cli.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PyTorch (Python, {@code no_grad}) reference of {@code ./defuse bench identify}:
 * {@code bench/reference/identify_reference.py} run as a child process on the same models and images.
 *
 * <p>The Java side exports the networks' parameters (an {@code .npz} in DJL's parameter order) and a probe (a few
 * images and latent codes with DJL's outputs on them); the script loads the parameters into its own
 * {@code torch.nn} networks and refuses to measure unless it computes the same function, so both implementations
 * run the same weights, and the mistakes they copy out are of the same kind.
 */
final class PyTorchReference implements AutoCloseable {

  /** Outputs of the two implementations may differ by float rounding (different libtorch builds), no more. */
  static final double MAX_PROBE_DEVIATION = 1e-3;
  /** Where the script lives, relative to the repository root. */
  static final String SCRIPT = "bench/reference/identify_reference.py";
  private static final int PROBE_IMAGES = 16;
  private static final long PROBE_SEED = 4;
  private static final long PROBE_TIMEOUT_SECONDS = 120;

  /** What a Python interpreter said about its PyTorch, or why it has none. */
  record Probe(String python, boolean usable, String detail) {
  }

  private final String python;
  private final Path script;
  private final Path dataDirectory;
  private final Path directory;
  private final Path weights;
  private final Path probe;
  private final long javaClassifierParameters;
  private final long javaVaeParameters;

  private PyTorchReference(String python, Path script, Path dataDirectory, Path directory, long classifierParameters,
                           long vaeParameters) {
    this.python = python;
    this.script = script;
    this.dataDirectory = dataDirectory;
    this.directory = directory;
    this.weights = directory.resolve("weights.npz");
    this.probe = directory.resolve("probe.npz");
    this.javaClassifierParameters = classifierParameters;
    this.javaVaeParameters = vaeParameters;
  }

  /**
   * The first interpreter of {@code candidates} that can {@code import torch, numpy}, or the failure of the last one
   * tried (its last line of stderr, e.g. {@code ModuleNotFoundError: No module named 'torch'}).
   */
  static Probe find(List<String> candidates) {
    Probe last = new Probe(candidates.isEmpty() ? "python3" : candidates.get(0), false, "no interpreter to try");
    for (String candidate : candidates) {
      last = probe(candidate);
      if (last.usable()) {
        return last;
      }
    }
    return last;
  }

  private static Probe probe(String python) {
    try {
      Process process = new ProcessBuilder(python, "-c",
          "import torch, numpy; print('torch ' + torch.__version__ + ', numpy ' + numpy.__version__)")
          .redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output;
      try (var in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Probe(python, false, "did not answer within " + PROBE_TIMEOUT_SECONDS + " s");
      }
      String lastLine = output.isEmpty() ? "" : output.substring(output.lastIndexOf('\n') + 1);
      return new Probe(python, process.exitValue() == 0, lastLine);
    } catch (IOException e) {
      return new Probe(python, false, "cannot run it: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Probe(python, false, "interrupted");
    }
  }

  /**
   * Exports the models' parameters and the probe to a temporary folder (removed by {@link #close()}).
   *
   * @param images the training images the benchmark perturbs; the probe uses the first few
   */
  static PyTorchReference prepare(String python, Path script, Path dataDirectory, ModelArtifact classifier,
                                  ModelArtifact vae, LabeledImages images) throws IOException {
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("the PyTorch reference script is missing: " + script);
    }
    Path directory = Files.createTempDirectory("defuse-bench-identify-");
    try {
      long[] counts = exportWeights(classifier, vae, directory.resolve("weights.npz"));
      exportProbe(classifier, vae, images, directory.resolve("probe.npz"));
      return new PyTorchReference(python, script, dataDirectory, directory, counts[0], counts[1]);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(directory);
      throw e;
    }
  }

  /** Classifier parameters, then the VAE's (encoder, decoder), each layer's weight before its bias. */
  private static long[] exportWeights(ModelArtifact classifier, ModelArtifact vae, Path file) throws IOException {
    try (Model c = ModelLoader.load(classifier); Model v = ModelLoader.load(vae)) {
      NDList arrays = new NDList();
      long[] counts = new long[2];
      int index = 0;
      for (Model model : List.of(c, v)) {
        for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
          NDArray array = parameter.getValue().getArray();
          // the script orders the arrays by this number (zip entries carry no order of their own)
          array.setName(String.format(Locale.ROOT, "p%03d_%s", index++, parameter.getKey()));
          arrays.add(array);
          counts[model == c ? 0 : 1] += array.size();
        }
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        arrays.encode(out, NDList.Encoding.NPZ);
      }
      return counts;
    }
  }

  /** A few training images and random latent codes, with DJL's μ, decoded images and logits on them. */
  private static void exportProbe(ModelArtifact classifier, ModelArtifact vae, LabeledImages images, Path file)
      throws IOException {
    LabeledImages sample = images.slice(0, Math.min(PROBE_IMAGES, images.size()));
    int n = sample.size();
    try (VaeRunner decoder = VaeRunner.open(vae); ClassifierRunner classify = ClassifierRunner.open(classifier);
         NDManager manager = TorchRuntime.engine().newBaseManager()) {
      int k = decoder.latentSize();
      float[] codes = new float[n * k];
      SplittableRandom random = new SplittableRandom(PROBE_SEED);
      for (int i = 0; i < codes.length; i++) {
        codes[i] = (float) (random.nextDouble() * 6 - 3);
      }
      Shape imageShape = decoder.input().batchShape(n);
      NDList probe = new NDList(
          named(manager.create(sample.pixels(), imageShape), "images"),
          named(manager.create(codes, new Shape(n, k)), "codes"),
          named(manager.create(decoder.encodeMean(sample.pixels(), n), new Shape(n, k)), "mu"),
          named(manager.create(decoder.decode(codes, n), imageShape), "decoded"),
          named(manager.create(classify.logits(sample.pixels(), n), new Shape(n, classify.numClasses())), "logits"));
      try (OutputStream out = Files.newOutputStream(file)) {
        probe.encode(out, NDList.Encoding.NPZ);
      }
    }
  }

  private static NDArray named(NDArray array, String name) {
    array.setName(name);
    return array;
  }

  long javaClassifierParameters() {
    return javaClassifierParameters;
  }

  long javaVaeParameters() {
    return javaVaeParameters;
  }

  /** Settings of one measurement (the same the Java side uses). */
  record Settings(int imagesPerBatch, int draws, double betaA, double betaB, int maxMistakes, int maxSamplesPerPass,
                  int threads, int interopThreads, double seconds, int minBatches, long seed) {
  }

  /**
   * Runs the script for one images-per-batch setting and returns its JSON report.
   *
   * @throws IllegalStateException if the script fails (its stderr is in the message), e.g. because its networks
   *                               do not compute DJL's function on the probe
   */
  JsonNode measure(Settings s) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(python, script.toString(),
        "--data", dataDirectory.toString(),
        "--weights", weights.toString(), "--probe", probe.toString(),
        "--max-probe-deviation", Double.toString(MAX_PROBE_DEVIATION),
        "--images-per-batch", Integer.toString(s.imagesPerBatch()),
        "--draws", Integer.toString(s.draws()),
        "--beta-a", Double.toString(s.betaA()), "--beta-b", Double.toString(s.betaB()),
        "--max-mistakes", Integer.toString(s.maxMistakes()),
        "--max-samples-per-pass", Integer.toString(s.maxSamplesPerPass()),
        "--threads", Integer.toString(s.threads()), "--interop-threads", Integer.toString(s.interopThreads()),
        "--seconds", Double.toString(s.seconds()), "--min-batches", Integer.toString(s.minBatches()),
        "--seed", Long.toString(s.seed()), "--first-image", "0"));
    return run(command, s.threads());
  }

  /**
   * CPU milliseconds per forward pass of each decoder and classifier layer of the script's networks, in DJL's
   * layer order (its {@code layer_profile}).
   */
  JsonNode profileLayers(int samples, int passes, int threads, int interopThreads)
      throws IOException, InterruptedException {
    return run(List.of(python, script.toString(), "--data", dataDirectory.toString(),
        "--weights", weights.toString(), "--probe", probe.toString(),
        "--max-probe-deviation", Double.toString(MAX_PROBE_DEVIATION),
        "--threads", Integer.toString(threads), "--interop-threads", Integer.toString(interopThreads),
        "--layer-profile", Integer.toString(samples), "--layer-profile-passes", Integer.toString(passes)), threads);
  }

  private JsonNode run(List<String> command, int threads) throws IOException, InterruptedException {
    Path stderr = directory.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    // an OpenBLAS built with pthreads reads its thread count from the environment, not from torch.set_num_threads
    builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    Process process = builder.start();
    process.getOutputStream().close();
    String stdout;
    try (var in = process.getInputStream()) {
      stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    process.waitFor();
    if (process.exitValue() != 0) {
      String message = Files.readString(stderr, StandardCharsets.UTF_8).strip();
      throw new IllegalStateException("the PyTorch reference failed (exit " + process.exitValue() + "): "
          + (message.isEmpty() ? stdout.strip() : message));
    }
    return new ObjectMapper().readTree(stdout);
  }

  /**
   * An empty optional when the script's networks have as many parameters as DJL's, else what differs: the two
   * implementations must be the same architectures, layer for layer.
   */
  Optional<String> parameterMismatch(JsonNode report) {
    long classifier = report.path("parameters").path("classifier").asLong(-1);
    long vae = report.path("parameters").path("vae").asLong(-1);
    if (classifier == javaClassifierParameters && vae == javaVaeParameters) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "the architectures differ: classifier %,d parameters in DJL, %,d in "
        + "PyTorch; β-VAE %,d in DJL, %,d in PyTorch", javaClassifierParameters, classifier, javaVaeParameters, vae));
  }

  @Override
  public void close() {
    deleteRecursively(directory);
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
