package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DegenerateInputTest {

  private static DpgmmFit fit(double[][] x, int k) {
    return new DpgmmFitter(DpgmmParams.builder().maxComponents(k).build()).fit(x);
  }

  @Test
  void nanRowIsRejectedByIndex() {
    double[][] x = SyntheticData.blobs(new double[][] {{0, 0}}, 20, 1, 1);
    x[7][1] = Double.NaN;
    assertThatThrownBy(() -> fit(x, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 7 has a non-finite value (NaN) in column 1");
  }

  @Test
  void infiniteValueIsRejectedByIndex() {
    double[][] x = SyntheticData.blobs(new double[][] {{0, 0}}, 20, 1, 1);
    x[12][0] = Double.NEGATIVE_INFINITY;
    assertThatThrownBy(() -> fit(x, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 12").hasMessageContaining("-Infinity");
  }

  @Test
  void fewerPointsThanComponentsIsAClearError() {
    double[][] x = SyntheticData.blobs(new double[][] {{0, 0}}, 50, 1, 1);
    assertThatThrownBy(() -> fit(x, 100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need at least as many rows as components: got 50 rows and maxComponents 100 "
            + "(set maxComponents <= 50)");
  }

  @Test
  void asManyPointsAsComponentsFits() {
    double[][] x = SyntheticData.blobs(new double[][] {{0, 0}, {5, 5}}, 5, 0.3, 2);
    DpgmmFit fit = fit(x, 10);
    assertThat(fit.lowerBound()).isFinite();
  }

  @Test
  void duplicatePointsFit() {
    double[][] distinct = {{0, 0, 0}, {4, 0, 1}, {0, 4, 2}, {4, 4, 3}};
    double[][] x = new double[200][];
    for (int r = 0; r < x.length; r++) {
      x[r] = distinct[r % 4].clone();
    }
    DpgmmFit fit = fit(x, 10);
    assertThat(fit.lowerBound()).isFinite();
    assertThat(fit.lowerBoundTrace()).doesNotContain(Double.NaN);
    int[] labels = fit.predict(x);
    for (int r = 4; r < x.length; r++) {
      assertThat(labels[r]).isEqualTo(labels[r % 4]);
    }
    assertThat(Arrays.stream(labels).distinct().count()).isEqualTo(4);
  }

  @Test
  void allRowsIdenticalFits() {
    double[][] x = new double[50][];
    for (int r = 0; r < x.length; r++) {
      x[r] = new double[] {1.5, -2.0};
    }
    DpgmmFit fit = fit(x, 5);
    assertThat(fit.lowerBound()).isFinite();
    assertThat(fit.activeComponents()).hasSize(1);
    assertThat(fit.means()[fit.activeComponents()[0]]).containsExactly(new double[] {1.5, -2.0}, within(1e-9));
  }

  @Test
  void constantDimensionFits() {
    double[][] x = SyntheticData.blobs(new double[][] {{0, 0, 7.25}, {6, 6, 7.25}}, 100, 0.5, 3);
    for (double[] row : x) {
      row[2] = 7.25;
    }
    DpgmmFit fit = fit(x, 10);
    assertThat(fit.lowerBound()).isFinite();
    assertThat(fit.activeComponents()).hasSize(2);
    assertThat(AdjustedRandIndex.of(SyntheticData.blobLabels(2, 100), fit.predict(x))).isEqualTo(1.0);
  }

  @Test
  void raggedRowsAreRejected() {
    double[][] x = {{1, 2, 3}, {1, 2, 3}, {4, 5, 6}, {1, 2}};
    assertThatThrownBy(() -> fit(x, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 3 has 2 values, expected 3 like row 0");
  }

  @Test
  void needsTwoRows() {
    assertThatThrownBy(() -> fit(new double[][] {{1, 2}}, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 rows");
  }

  @Test
  void initialLabelsMustFitTheData() {
    double[][] x = SyntheticData.blobs(new double[][] {{0, 0}}, 20, 1, 1);
    DpgmmParams wrongLength = DpgmmParams.builder().maxComponents(3).initialLabels(new int[] {0, 1, 2}).build();
    assertThatThrownBy(() -> new DpgmmFitter(wrongLength).fit(x)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("got 3 initial labels for 20 rows");
    assertThatThrownBy(() -> DpgmmParams.builder().maxComponents(3).initialLabels(new int[] {0, 3}).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 is 3, outside [0, 3)");
  }

  @Test
  void predictRejectsRowsOfTheWrongWidth() {
    DpgmmFit fit = fit(SyntheticData.blobs(new double[][] {{0, 0}}, 20, 1, 1), 2);
    assertThatThrownBy(() -> fit.predict(new double[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the model has 2 features");
    assertThatThrownBy(() -> fit.predict(new double[][] {{1, 2}, {Double.NaN, 0}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
  }
}
