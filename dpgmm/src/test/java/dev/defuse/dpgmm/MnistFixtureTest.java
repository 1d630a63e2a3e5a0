package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.dpgmm.io.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * Short checks on the real MNIST mistake codes (50,000 × 10). The full reproduction of scikit-learn's fit
 * (355 iterations, lower bound 869509.114…, 46 components above 0.01) takes about a minute on two cores, so it
 * runs in {@code ./defuse bench dpgmm} (recorded in docs/benchmarks.md) rather than here.
 */
class MnistFixtureTest {

  @Test
  void codesAreParsedAsFloat32ThenWidened() {
    CsvTable table = Fixtures.float32Table("mnist_mistake_codes.csv");
    double[][] z = table.features(Fixtures.MNIST_CODE_COLUMNS);
    assertThat(z).hasNumberOfRows(50_000);
    assertThat(z[0][0]).isEqualTo((double) 0.391993105f).isNotEqualTo(0.391993105);
    assertThat(z[0][7]).isEqualTo((double) -0.0112374425f);
  }

  @Test
  void firstIterationsFromScikitLearnsLabelsRaiseTheBound() {
    double[][] z = Fixtures.float32Table("mnist_mistake_codes.csv").features(Fixtures.MNIST_CODE_COLUMNS);
    int[] init = Fixtures.table("init_kmeans_labels_mnist_mistake_codes.csv").onlyIntColumn();
    DpgmmFit fit = new DpgmmFitter(DpgmmParams.builder().initialLabels(init).maxIter(15).build()).fit(z);
    double[] trace = fit.lowerBoundTrace();
    assertThat(trace).hasSize(15);
    for (int i = 1; i < trace.length; i++) {
      assertThat(trace[i]).isGreaterThanOrEqualTo(trace[i - 1]);
    }
    double sklearnFinal = Fixtures.json("sklearn_fit_mnist_mistake_codes.json").get("lower_bound").asDouble();
    assertThat(trace[14]).isLessThan(sklearnFinal);
  }
}
