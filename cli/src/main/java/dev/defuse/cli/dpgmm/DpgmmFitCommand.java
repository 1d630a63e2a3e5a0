package dev.defuse.cli.dpgmm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.dpgmm.DpgmmFit;
import dev.defuse.dpgmm.DpgmmFitter;
import dev.defuse.dpgmm.DpgmmParams;
import dev.defuse.dpgmm.FitListener;
import dev.defuse.dpgmm.io.CsvFormatException;
import dev.defuse.dpgmm.io.CsvTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./defuse dpgmm fit}: clusters the rows of a CSV with the DP-GMM and prints the fit (one JSON object with
 * {@code --json}, a summary otherwise). Progress goes to stderr.
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
        "Fit a variational Dirichlet-process Gaussian mixture (truncated stick-breaking, full covariances) to the rows "
            + "of a CSV file: a header line, then numeric columns; a column named 'label' is ignored.",
        "Example: ./defuse dpgmm fit --input codes.csv --max-components 100 --seed 0 --json"})
public final class DpgmmFitCommand implements Callable<Integer> {

  private static final int PROGRESS_EVERY = 10;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV of rows to cluster.")
  Path input;

  @Option(names = "--columns", split = ",", paramLabel = "NAME",
      description = "Columns to fit, in this order (default: every column except 'label').")
  List<String> columns;

  @Option(names = "--float32",
      description = "Parse values as 32-bit floats and widen them to double (reproduces float32 pipelines exactly).")
  boolean float32;

  @Option(names = "--max-components", defaultValue = "" + DpgmmParams.DEFAULT_MAX_COMPONENTS, paramLabel = "K",
      description = "Truncation level: upper bound on the number of components (default ${DEFAULT-VALUE}).")
  int maxComponents;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the k-means++ initialisation (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--init-labels", paramLabel = "FILE",
      description = "CSV with a header and one integer column: the initial component of every row (replaces k-means++).")
  Path initLabels;

  @Option(names = "--max-iter", defaultValue = "" + DpgmmParams.DEFAULT_MAX_ITER,
      description = "EM iteration cap per initialisation (default ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--tol", defaultValue = "" + DpgmmParams.DEFAULT_TOL,
      description = "Stop when the total lower bound changes by less than this (default ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--n-init", defaultValue = "1",
      description = "k-means++ initialisations; the best lower bound is kept (default ${DEFAULT-VALUE}).")
  int nInit;

  @Option(names = "--reg-covar", defaultValue = "" + DpgmmParams.DEFAULT_REG_COVAR,
      description = "Added to the diagonal of every covariance (default ${DEFAULT-VALUE}).")
  double regCovar;

  @Option(names = "--weight-threshold", defaultValue = "" + DpgmmParams.DEFAULT_WEIGHT_THRESHOLD,
      description = "Weight above which a component is reported active (default ${DEFAULT-VALUE}).")
  double weightThreshold;

  @Option(names = "--threads", description = "Worker threads (default: all cores; results do not depend on it).")
  Integer threads;

  @Option(names = "--json", description = "Print one JSON object on stdout.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
  boolean quiet;

  private final PrintStream out;
  private final PrintStream err;

  public DpgmmFitCommand() {
    this(System.out, System.err);
  }

  DpgmmFitCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    return InputErrors.run(err, this::fit);
  }

  private int fit() throws IOException {
    CsvTable table = CsvTable.read(input, float32);
    List<String> used = columns == null || columns.isEmpty() ? table.defaultFeatureColumns() : columns;
    double[][] x = table.features(used);
    requireFinite(table, used, x);
    if (x.length < maxComponents) {
      throw new IllegalArgumentException(input + " has " + x.length + " rows, fewer than --max-components "
          + maxComponents + " (scikit-learn refuses this too): lower --max-components");
    }
    DpgmmParams.Builder params = DpgmmParams.builder().maxComponents(maxComponents).seed(seed).maxIter(maxIter)
        .tol(tol).nInit(nInit).regCovar(regCovar).weightThreshold(weightThreshold);
    if (threads != null) {
      params.parallelism(threads);
    }
    if (initLabels != null) {
      int[] labels = CsvTable.read(initLabels).onlyIntColumn();
      if (labels.length != x.length) {
        throw new IllegalArgumentException(initLabels + " has " + labels.length + " labels but " + input + " has "
            + x.length + " rows");
      }
      params.initialLabels(labels);
    }
    if (!quiet) {
      err.printf(Locale.ROOT, "fitting %d rows x %d columns of %s (K=%d, %s)%n", x.length, used.size(), input,
          maxComponents, initLabels == null ? "k-means++ seed " + seed : "initial labels from " + initLabels);
    }
    long start = System.nanoTime();
    DpgmmFit fit = new DpgmmFitter(params.build()).fit(x, quiet ? FitListener.NONE : this::progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    int[] labels = fit.predict(x);
    if (json) {
      out.println(toJson(fit, seconds, labels, used, x.length));
    } else {
      printSummary(fit, seconds, labels, used, x.length);
    }
    return 0;
  }

  private void progress(int init, int iteration, double lowerBound, double change) {
    if (iteration % PROGRESS_EVERY == 0 || iteration == 1) {
      err.printf(Locale.ROOT, "init %d iteration %d: lower bound %.6f (change %.6g)%n", init + 1, iteration,
          lowerBound, change);
    }
  }

  /** Non-finite cells are reported with their file line and column, before any work. */
  private static void requireFinite(CsvTable table, List<String> used, double[][] x) {
    for (int r = 0; r < x.length; r++) {
      for (int i = 0; i < x[r].length; i++) {
        if (!Double.isFinite(x[r][i])) {
          throw new CsvFormatException(table.source() + " line " + table.lineOf(r) + ", column '" + used.get(i)
              + "': " + x[r][i] + " is not a finite number");
        }
      }
    }
  }

  private String toJson(DpgmmFit fit, double seconds, int[] labels, List<String> used, int rows)
      throws JsonProcessingException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("input", input.toString());
    result.put("n_samples", rows);
    result.put("n_features", used.size());
    result.put("columns", used);
    result.put("n_components", fit.nComponents());
    result.put("n_iter", fit.nIter());
    result.put("converged", fit.converged());
    result.put("lower_bound", fit.lowerBound());
    result.put("lower_bound_trace", fit.lowerBoundTrace());
    result.put("weight_threshold", weightThreshold);
    result.put("active_components", fit.activeComponents());
    result.put("weights", fit.weights());
    result.put("means", fit.means());
    result.put("covariances", fit.covariances());
    result.put("fit_seconds", seconds);
    result.put("labels", labels);
    return new ObjectMapper().writeValueAsString(result);
  }

  private void printSummary(DpgmmFit fit, double seconds, int[] labels, List<String> used, int rows) {
    int[] counts = new int[fit.nComponents()];
    for (int label : labels) {
      counts[label]++;
    }
    out.printf(Locale.ROOT, "DP-GMM fit of %s: %d rows x %d columns (%s)%n", input, rows, used.size(),
        String.join(",", used));
    out.printf(Locale.ROOT, "%s after %d iterations in %.2f s; lower bound %.6f%n",
        fit.converged() ? "converged" : "NOT converged (raise --max-iter)", fit.nIter(), seconds, fit.lowerBound());
    int[] active = fit.activeComponents();
    out.printf(Locale.ROOT, "%d of %d components have weight > %s:%n", active.length, fit.nComponents(),
        weightThreshold);
    out.printf(Locale.ROOT, "  %9s  %8s  %8s  %s%n", "component", "weight", "rows", "mean");
    double[][] means = fit.means();
    double[] weights = fit.weights();
    for (int c : active) {
      out.printf(Locale.ROOT, "  %9d  %8.4f  %8d  %s%n", c, weights[c], counts[c], format(means[c]));
    }
    out.println("(--json prints weights, means, covariances and the label of every row)");
  }

  private static String format(double[] v) {
    String[] parts = new String[v.length];
    for (int i = 0; i < v.length; i++) {
      parts[i] = String.format(Locale.ROOT, "%.3f", v[i]);
    }
    return "[" + String.join(", ", Arrays.asList(parts)) + "]";
  }
}
