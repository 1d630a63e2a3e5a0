package dev.defuse.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defuse.cli.dpgmm.InputErrors;
import dev.defuse.dpgmm.AdjustedRandIndex;
import dev.defuse.dpgmm.DpgmmFit;
import dev.defuse.dpgmm.DpgmmFitter;
import dev.defuse.dpgmm.DpgmmParams;
import dev.defuse.dpgmm.io.CsvTable;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./defuse bench dpgmm}: fits the scikit-learn reference fixtures (see fixtures/README.md) from scikit-learn's
 * initial k-means labels and from our own k-means++, and compares seconds, iterations, lower bound and active
 * components with scikit-learn 1.2.1's recorded figures.
 */
@Command(
    name = "dpgmm",
    mixinStandardHelpOptions = true,
    description = {
        "Time the DP-GMM on the scikit-learn fixtures (n10000, n50000: 8-Gaussian mixtures in 10-D; mnist: 50,000 "
            + "real MNIST mistake codes) and compare with scikit-learn 1.2.1's recorded fits.",
        "Example: ./defuse bench dpgmm --sets n10000,n50000,mnist --json"})
public final class DpgmmBenchCommand implements Callable<Integer> {

  /** Relative slack allowed below scikit-learn's bound when judging "equal or better". */
  static final double BOUND_SLACK = 1e-3;

  private static final String FIXTURES_UNDER_HOME = "dpgmm/src/test/resources/fixtures";
  private static final List<String> MNIST_CODE_COLUMNS =
      List.of("z0", "z1", "z2", "z3", "z4", "z5", "z6", "z7", "z8", "z9");

  /** One fixture set: where its files are and how to read them. */
  record FixtureSet(String name, String data, boolean float32, List<String> columns, String initLabels,
                    String reference, String predictions) {

    static FixtureSet named(String name) {
      return switch (name) {
        case "n10000", "n50000" -> new FixtureSet(name, "data_" + name + ".csv", false, null,
            "init_kmeans_labels_" + name + ".csv", "sklearn_fit_" + name + ".json", "sklearn_predict_" + name + ".csv");
        case "mnist" -> new FixtureSet(name, "mnist_mistake_codes.csv", true, MNIST_CODE_COLUMNS,
            "init_kmeans_labels_mnist_mistake_codes.csv", "sklearn_fit_mnist_mistake_codes.json", null);
        default -> throw new IllegalArgumentException("unknown fixture set '" + name + "' (known: n10000, n50000, mnist)");
      };
    }
  }

  @Option(names = "--sets", split = ",", defaultValue = "n10000,n50000,mnist", paramLabel = "SET",
      description = "Fixture sets: n10000, n50000, mnist (default ${DEFAULT-VALUE}).")
  List<String> sets;

  @Option(names = "--inits", split = ",", defaultValue = "sklearn,kmeans++", paramLabel = "INIT",
      description = "Starts: sklearn (scikit-learn's initial labels), kmeans++ (ours) (default ${DEFAULT-VALUE}).")
  List<String> inits;

  @Option(names = "--fixtures", paramLabel = "DIR",
      description = "Fixture directory (default: <repository>/" + FIXTURES_UNDER_HOME + ").")
  Path fixtures;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of our k-means++ (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--json", description = "Print the results as one JSON object on stdout.")
  boolean json;

  private final PrintStream out;
  private final PrintStream err;

  public DpgmmBenchCommand() {
    this(System.out, System.err);
  }

  DpgmmBenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    return InputErrors.run(err, this::bench);
  }

  private int bench() throws IOException {
    Path dir = fixtures != null ? fixtures : Path.of(System.getProperty("defuse.home", "."), FIXTURES_UNDER_HOME);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("fixture directory not found: " + dir + " (use --fixtures DIR)");
    }
    List<FixtureSet> chosen = sets.stream().map(s -> FixtureSet.named(s.trim())).toList();
    for (String init : inits) {
      if (!init.equals("sklearn") && !init.equals("kmeans++")) {
        throw new IllegalArgumentException("unknown init '" + init + "' (known: sklearn, kmeans++)");
      }
    }
    int parallelism = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", Instant.now().toString());
    report.put("machine", machine(parallelism));
    List<Map<String, Object>> results = new ArrayList<>();
    for (FixtureSet set : chosen) {
      results.addAll(run(dir, set, parallelism));
    }
    report.put("results", results);
    report.put("load_average_after", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      printTable(results);
    }
    return 0;
  }

  private List<Map<String, Object>> run(Path dir, FixtureSet set, int parallelism) throws IOException {
    CsvTable table = CsvTable.read(dir.resolve(set.data), set.float32);
    double[][] x = table.features(set.columns);
    int[] truth = table.columns().contains(CsvTable.LABEL_COLUMN) ? table.intColumn(CsvTable.LABEL_COLUMN) : null;
    JsonNode reference = new ObjectMapper().readTree(dir.resolve(set.reference).toFile());
    int[] sklearnInit = CsvTable.read(dir.resolve(set.initLabels)).onlyIntColumn();
    int[] sklearnPredict = set.predictions == null || !Files.exists(dir.resolve(set.predictions))
        ? null : CsvTable.read(dir.resolve(set.predictions)).onlyIntColumn();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String init : inits) {
      DpgmmParams.Builder params = DpgmmParams.builder().maxComponents(reference.path("params").path("n_components")
          .asInt(DpgmmParams.DEFAULT_MAX_COMPONENTS)).maxIter(reference.path("params").path("max_iter").asInt(1000))
          .seed(seed).parallelism(parallelism);
      if (init.equals("sklearn")) {
        params.initialLabels(sklearnInit);
      }
      err.printf(Locale.ROOT, "%s: %d rows x %d columns, init %s ...%n", set.name, x.length, x[0].length, init);
      double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      DpgmmFit fit = new DpgmmFitter(params.build()).fit(x);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      int[] labels = fit.predict(x);
      double sklearnBound = reference.get("lower_bound").asDouble();
      double sklearnSeconds = reference.get("fit_wall_s").asDouble();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("set", set.name);
      row.put("n_samples", x.length);
      row.put("init", init);
      row.put("fit_seconds", seconds);
      row.put("cpu_seconds", cpuSeconds);
      row.put("n_iter", fit.nIter());
      row.put("converged", fit.converged());
      row.put("lower_bound", fit.lowerBound());
      row.put("active_components", fit.activeComponents(0.01).length);
      if (truth != null) {
        row.put("ari_vs_true", AdjustedRandIndex.of(truth, labels));
      }
      row.put("sklearn_fit_wall_s", sklearnSeconds);
      row.put("sklearn_n_iter", reference.get("n_iter").asInt());
      row.put("sklearn_lower_bound", sklearnBound);
      row.put("sklearn_active_components", reference.get("n_weight_gt_0_01").asInt());
      if (reference.has("ari_vs_true")) {
        row.put("sklearn_ari_vs_true", reference.get("ari_vs_true").asDouble());
      }
      row.put("speedup_vs_sklearn", sklearnSeconds / seconds);
      row.put("lower_bound_relative_to_sklearn", (fit.lowerBound() - sklearnBound) / Math.abs(sklearnBound));
      row.put("bound_equal_or_better", fit.lowerBound() >= sklearnBound - BOUND_SLACK * Math.abs(sklearnBound));
      if (init.equals("sklearn")) {
        row.put("same_n_iter_as_sklearn", fit.nIter() == reference.get("n_iter").asInt());
        if (reference.has("lower_bound_trace")) {
          row.put("max_relative_trace_difference", maxRelativeDifference(fit.lowerBoundTrace(),
              reference.get("lower_bound_trace")));
        }
        if (sklearnPredict != null) {
          row.put("predict_agreement_with_sklearn", agreement(labels, sklearnPredict));
        }
      }
      row.put("load_average_before", loadBefore);
      rows.add(row);
      err.printf(Locale.ROOT, "%s/%s: %.2f s, %d iterations, lower bound %.6f (scikit-learn %.6f, %.1f s)%n",
          set.name, init, seconds, fit.nIter(), fit.lowerBound(), sklearnBound, sklearnSeconds);
    }
    return rows;
  }

  /** CPU time of this JVM (all threads): with the wall time it shows how much of the machine the fit got. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0L;
  }

  private static double maxRelativeDifference(double[] ours, JsonNode theirs) {
    if (ours.length != theirs.size()) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0.0;
    for (int i = 0; i < ours.length; i++) {
      double reference = theirs.get(i).asDouble();
      max = Math.max(max, Math.abs(ours[i] - reference) / Math.abs(reference));
    }
    return max;
  }

  private static double agreement(int[] a, int[] b) {
    if (a.length != b.length) {
      return 0.0;
    }
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return (double) same / a.length;
  }

  private static Map<String, Object> machine(int parallelism) {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("available_processors", Runtime.getRuntime().availableProcessors());
    machine.put("threads", parallelism);
    machine.put("load_average_before", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return machine;
  }

  private void printTable(List<Map<String, Object>> results) {
    out.printf(Locale.ROOT, "%-7s %-9s %9s %9s %6s %18s %7s %9s | %9s %6s %18s %7s | %8s%n", "set", "init",
        "fit s", "cpu s", "iters", "lower bound", "active", "ARI", "sklearn s", "iters", "sklearn bound", "active", "speedup");
    for (Map<String, Object> r : results) {
      Object ari = r.get("ari_vs_true");
      out.printf(Locale.ROOT, "%-7s %-9s %9.2f %9.2f %6d %18.6f %7d %9s | %9.1f %6d %18.6f %7d | %7.1fx%n",
          r.get("set"), r.get("init"), (double) r.get("fit_seconds"), (double) r.get("cpu_seconds"),
          (int) r.get("n_iter"), (double) r.get("lower_bound"),
          (int) r.get("active_components"), ari == null ? "-" : String.format(Locale.ROOT, "%.5f", (double) ari),
          (double) r.get("sklearn_fit_wall_s"), (int) r.get("sklearn_n_iter"), (double) r.get("sklearn_lower_bound"),
          (int) r.get("sklearn_active_components"), (double) r.get("speedup_vs_sklearn"));
    }
  }
}
