package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DpgmmParamsTest {

  @Test
  void defaultsAreScikitLearnsExceptTruncationAndIterationCap() {
    DpgmmParams p = DpgmmParams.defaults();
    assertThat(p.maxComponents()).isEqualTo(100);
    assertThat(p.tol()).isEqualTo(1e-3);
    assertThat(p.maxIter()).isEqualTo(1000);
    assertThat(p.nInit()).isEqualTo(1);
    assertThat(p.regCovar()).isEqualTo(1e-6);
    assertThat(p.seed()).isZero();
    assertThat(p.weightThreshold()).isEqualTo(0.01);
    assertThat(p.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(p.initialLabels()).isEmpty();
    assertThat(p.weightConcentrationPrior()).isEmpty();
    assertThat(p.kmeansMaxIter()).isEqualTo(300);
    assertThat(p.kmeansTol()).isEqualTo(1e-4);
  }

  @Test
  void isImmutable() {
    int[] labels = {0, 1};
    DpgmmParams p = DpgmmParams.builder().maxComponents(2).initialLabels(labels).build();
    labels[0] = 1;
    p.initialLabels().get()[1] = 0;
    assertThat(p.initialLabels().get()).containsExactly(0, 1);
    assertThat(p.toBuilder().seed(5).build().initialLabels().get()).containsExactly(0, 1);
  }

  @Test
  void rejectsInvalidSettings() {
    assertThatThrownBy(() -> DpgmmParams.builder().maxComponents(0).build()).hasMessageContaining("maxComponents");
    assertThatThrownBy(() -> DpgmmParams.builder().tol(-1).build()).hasMessageContaining("tol");
    assertThatThrownBy(() -> DpgmmParams.builder().maxIter(0).build()).hasMessageContaining("maxIter");
    assertThatThrownBy(() -> DpgmmParams.builder().regCovar(Double.NaN).build()).hasMessageContaining("regCovar");
    assertThatThrownBy(() -> DpgmmParams.builder().parallelism(0).build()).hasMessageContaining("parallelism");
    assertThatThrownBy(() -> DpgmmParams.builder().weightThreshold(1).build()).hasMessageContaining("weightThreshold");
    assertThatThrownBy(() -> DpgmmParams.builder().meanPrecisionPrior(0).build())
        .hasMessageContaining("meanPrecisionPrior");
    assertThatThrownBy(() -> DpgmmParams.builder().maxComponents(2).initialLabels(new int[] {0, 1}).nInit(2).build())
        .hasMessageContaining("nInit must be 1");
  }

  @Test
  void explicitPriorsAreUsed() {
    double[][] x = SyntheticData.blobs(new double[][] {{0, 0}, {5, 5}}, 30, 0.5, 9);
    DpgmmParams p = DpgmmParams.builder().maxComponents(4).weightConcentrationPrior(2.0).meanPrecisionPrior(0.5)
        .meanPrior(new double[] {1, 1}).degreesOfFreedomPrior(3.0)
        .covariancePrior(new double[][] {{2, 0}, {0, 2}}).build();
    DpgmmPriors priors = new DpgmmFitter(p).fit(x).priors();
    assertThat(priors.weightConcentration()).isEqualTo(2.0);
    assertThat(priors.meanPrecision()).isEqualTo(0.5);
    assertThat(priors.mean()).containsExactly(1, 1);
    assertThat(priors.degreesOfFreedom()).isEqualTo(3.0);
    assertThat(priors.covariance()).containsExactly(2, 0, 0, 2);
    DpgmmParams badDof = DpgmmParams.builder().maxComponents(4).degreesOfFreedomPrior(0.5).build();
    assertThatThrownBy(() -> new DpgmmFitter(badDof).fit(x)).hasMessageContaining("degreesOfFreedomPrior must be > 1");
  }
}
