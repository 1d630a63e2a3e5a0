package dev.defuse.cli.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.defuse.common.ml.arch.BetaVaeBlock;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelLoader;
import dev.defuse.identify.ml.KernelLayout;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Where a forward pass of identify's loop spends its CPU time: each layer of the β-VAE's decoder, the sigmoid and each
 * layer of the classifier, run one after the other as identify runs them (layer by layer, each input closed once
 * consumed), timed with the calling thread's CPU clock — libtorch computes on the calling thread with one intra-op
 * thread, so other processes' load does not count, only what they do to the caches.
 */
final class LayerProfiler {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int WARM_UP_PASSES = 2;
  private static final long CODES_SEED = 1;

  private record Layer(String network, String name, UnaryOperator<NDArray> forward) {
  }

  private LayerProfiler() {
  }

  /**
   * CPU milliseconds per pass for every layer, over {@code passes} passes of {@code samples} random latent codes
   * (after two warm-up passes), and the minor page faults per pass.
   */
  static Map<String, Object> profile(ModelArtifact vae, ModelArtifact classifier, KernelLayout layout, int samples,
      int passes) {
    try (Model decoderModel = ModelLoader.load(vae); Model classifierModel = ModelLoader.load(classifier)) {
      layout.apply(classifierModel.getBlock());
      BetaVaeBlock vaeBlock = (BetaVaeBlock) decoderModel.getBlock();
      ParameterStore vaeParameters = new ParameterStore(decoderModel.getNDManager(), false);
      ParameterStore classifierParameters = new ParameterStore(classifierModel.getNDManager(), false);
      List<Layer> layers = new ArrayList<>();
      addChildren(layers, "decoder", vaeBlock.decoder(), vaeParameters);
      layers.add(new Layer("decoder", "sigmoid", Activation::sigmoid));
      addChildren(layers, "classifier", classifierModel.getBlock(), classifierParameters);

      int k = vaeBlock.architecture().latentSize();
      SplittableRandom random = new SplittableRandom(CODES_SEED);
      double[] nanos = new double[layers.size()];
      long faults = 0;
      for (int pass = -WARM_UP_PASSES; pass < passes; pass++) {
        float[] codes = new float[samples * k];
        for (int i = 0; i < codes.length; i++) {
          codes[i] = (float) (random.nextDouble() * 2 - 1);
        }
        try (NDManager manager = decoderModel.getNDManager().newSubManager()) {
          long startFaults = minorPageFaults();
          NDArray x = manager.create(codes, new Shape(samples, k));
          for (int i = 0; i < layers.size(); i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            NDArray y = layers.get(i).forward().apply(x);
            if (pass >= 0) {
              nanos[i] += THREADS.getCurrentThreadCpuTime() - start;
            }
            if (y != x) {
              x.close();
            }
            x = y;
          }
          if (pass >= 0) {
            faults += minorPageFaults() - startFaults;
          }
        }
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("network", layers.get(i).network());
        row.put("layer", layers.get(i).name());
        row.put("cpu_ms_per_pass", nanos[i] / 1e6 / passes);
        rows.add(row);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("samples_per_pass", samples);
      result.put("passes", passes);
      result.put("minor_page_faults_per_pass", (double) faults / passes);
      result.put("layers", rows);
      return result;
    }
  }

  private static void addChildren(List<Layer> layers, String network, Block block, ParameterStore parameters) {
    for (Pair<String, Block> child : block.getChildren()) {
      Block layer = child.getValue();
      layers.add(new Layer(network, child.getKey(),
          x -> layer.forward(parameters, new NDList(x), false).singletonOrThrow()));
    }
  }

  /** Minor page faults of this process so far (Linux {@code /proc/self/stat}; 0 where that does not exist). */
  static long minorPageFaults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // the fields after the parenthesised command name start with the state (field 3); minflt is field 10
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[7]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
