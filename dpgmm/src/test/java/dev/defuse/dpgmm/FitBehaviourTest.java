package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Properties every fit must have: determinism for any thread count, a non-decreasing bound, n_init keeping the best. */
class FitBehaviourTest {

  private static double[][] x;

  @BeforeAll
  static void load() {
    x = Fixtures.table("data_n10000.csv").features(null);
  }

  private static DpgmmParams.Builder small() {
    return DpgmmParams.builder().maxComponents(20).maxIter(15).seed(11);
  }

  @Test
  void identicalForAnyThreadCount() {
    DpgmmFit one = new DpgmmFitter(small().parallelism(1).build()).fit(x);
    DpgmmFit two = new DpgmmFitter(small().parallelism(2).build()).fit(x);
    DpgmmFit five = new DpgmmFitter(small().parallelism(5).build()).fit(x);
    for (DpgmmFit other : List.of(two, five)) {
      assertThat(other.lowerBoundTrace()).containsExactly(one.lowerBoundTrace());
      assertThat(other.means()).isDeepEqualTo(one.means());
      assertThat(other.covariances()).isDeepEqualTo(one.covariances());
      assertThat(other.weights()).containsExactly(one.weights());
    }
  }

  @Test
  void sameSeedSameFitDifferentSeedDifferentStart() {
    DpgmmFit a = new DpgmmFitter(small().build()).fit(x);
    DpgmmFit b = new DpgmmFitter(small().build()).fit(x);
    DpgmmFit c = new DpgmmFitter(small().seed(12).build()).fit(x);
    assertThat(b.lowerBoundTrace()).containsExactly(a.lowerBoundTrace());
    assertThat(c.lowerBoundTrace()[0]).isNotEqualTo(a.lowerBoundTrace()[0]);
  }

  @Test
  void lowerBoundNeverDecreases() {
    double[] trace = new DpgmmFitter(small().maxIter(40).build()).fit(x).lowerBoundTrace();
    for (int i = 1; i < trace.length; i++) {
      assertThat(trace[i]).as("iteration %d", i + 1).isGreaterThanOrEqualTo(trace[i - 1] - 1e-9 * Math.abs(trace[i]));
    }
  }

  @Test
  void listenerSeesEveryIteration() {
    List<double[]> seen = new ArrayList<>();
    DpgmmFit fit = new DpgmmFitter(small().build())
        .fit(x, (init, iteration, bound, change) -> seen.add(new double[] {init, iteration, bound, change}));
    assertThat(seen).hasSize(fit.nIter());
    assertThat(seen.get(0)[3]).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(seen.get(seen.size() - 1)[2]).isEqualTo(fit.lowerBound());
  }

  @Test
  void nInitKeepsTheBestInitialisation() {
    DpgmmFit single = new DpgmmFitter(small().build()).fit(x);
    DpgmmFit best = new DpgmmFitter(small().nInit(3).build()).fit(x);
    // the first of the three initialisations is the single run (same random stream)
    assertThat(best.lowerBound()).isGreaterThanOrEqualTo(single.lowerBound());
    assertThat(best.bestInit()).isBetween(0, 2);
  }

  @Test
  void stopsAtMaxIterWithoutConverging() {
    DpgmmFit fit = new DpgmmFitter(small().maxIter(3).build()).fit(x);
    assertThat(fit.nIter()).isEqualTo(3);
    assertThat(fit.converged()).isFalse();
    assertThat(fit.lowerBoundTrace()).hasSize(3);
  }

  @Test
  void weightsSumToOneAndActiveComponentsFollowTheThreshold() {
    DpgmmFit fit = new DpgmmFitter(small().weightThreshold(0.05).build()).fit(x);
    double sum = 0;
    for (double w : fit.weights()) {
      sum += w;
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
    for (int c : fit.activeComponents()) {
      assertThat(fit.weights()[c]).isGreaterThan(0.05);
    }
    assertThat(fit.activeComponents(0.0).length).isGreaterThanOrEqualTo(fit.activeComponents().length);
  }
}
