package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Started from scikit-learn's own initial k-means labels, the fit reproduces scikit-learn 1.2.1's
 * BayesianGaussianMixture on the 10,000-point fixture iteration by iteration.
 *
 * <p>Tolerances: relative 1e-12 on every lower-bound value of the trace; absolute 1e-12 on the weights (which are
 * at most 1); absolute 1e-11 on means, covariances, variational parameters and priors (values of order 1–10);
 * exact equality of n_iter, converged and predict; absolute 1e-9 on predict_proba (written with 7 significant
 * digits, so the relative rounding is 5e-7). Observed differences are about 1e-14 (floating-point summation order).
 */
class SklearnReferenceTest {

  private static final double BOUND_RELATIVE = 1e-12;
  private static final double WEIGHT_ABSOLUTE = 1e-12;
  private static final double PARAMETER_ABSOLUTE = 1e-11;

  private static double[][] x;
  private static JsonNode reference;
  private static DpgmmFit fit;

  @BeforeAll
  static void fitFromScikitLearnInitialLabels() {
    x = Fixtures.table("data_n10000.csv").features(null);
    int[] init = Fixtures.table("init_kmeans_labels_n10000.csv").onlyIntColumn();
    reference = Fixtures.json("sklearn_fit_n10000.json");
    fit = new DpgmmFitter(DpgmmParams.builder().initialLabels(init).build()).fit(x);
  }

  @Test
  void iterationsAndConvergenceMatch() {
    assertThat(fit.nIter()).isEqualTo(reference.get("n_iter").asInt()).isEqualTo(54);
    assertThat(fit.converged()).isEqualTo(reference.get("converged").asBoolean()).isTrue();
  }

  @Test
  void lowerBoundTraceMatchesEveryIteration() {
    double[] expected = Fixtures.vector(reference.get("lower_bound_trace"));
    double[] actual = fit.lowerBoundTrace();
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("lower bound after iteration %d", i + 1)
          .isCloseTo(expected[i], within(BOUND_RELATIVE * Math.abs(expected[i])));
    }
    double lowerBound = reference.get("lower_bound").asDouble();
    assertThat(fit.lowerBound()).isCloseTo(lowerBound, within(BOUND_RELATIVE * Math.abs(lowerBound)));
  }

  @Test
  void weightsMeansAndCovariancesMatch() {
    assertThat(fit.weights()).containsExactly(Fixtures.vector(reference.get("weights")), within(WEIGHT_ABSOLUTE));
    double[][] means = Fixtures.matrix(reference.get("means"));
    double[][][] covariances = Fixtures.tensor(reference.get("covariances"));
    double[][] actualMeans = fit.means();
    double[][][] actualCovariances = fit.covariances();
    for (int c = 0; c < means.length; c++) {
      assertThat(actualMeans[c]).as("mean %d", c).containsExactly(means[c], within(PARAMETER_ABSOLUTE));
      for (int i = 0; i < covariances[c].length; i++) {
        assertThat(actualCovariances[c][i]).as("covariance %d row %d", c, i)
            .containsExactly(covariances[c][i], within(PARAMETER_ABSOLUTE));
      }
    }
    assertThat(fit.activeComponents(0.01)).hasSize(reference.get("n_weight_gt_0_01").asInt());
  }

  @Test
  void variationalParametersMatch() {
    double[][] concentration = Fixtures.matrix(reference.get("weight_concentration"));
    assertThat(fit.weightConcentration()[0]).containsExactly(concentration[0], within(PARAMETER_ABSOLUTE));
    assertThat(fit.weightConcentration()[1]).containsExactly(concentration[1], within(PARAMETER_ABSOLUTE));
    assertThat(fit.meanPrecision())
        .containsExactly(Fixtures.vector(reference.get("mean_precision")), within(PARAMETER_ABSOLUTE));
    assertThat(fit.degreesOfFreedom())
        .containsExactly(Fixtures.vector(reference.get("degrees_of_freedom")), within(PARAMETER_ABSOLUTE));
  }

  @Test
  void resolvedPriorsMatch() {
    DpgmmPriors priors = fit.priors();
    assertThat(priors.weightConcentration()).isEqualTo(reference.get("weight_concentration_prior").asDouble());
    assertThat(priors.meanPrecision()).isEqualTo(reference.get("mean_precision_prior").asDouble());
    assertThat(priors.degreesOfFreedom()).isEqualTo(reference.get("degrees_of_freedom_prior").asDouble());
    assertThat(priors.mean()).containsExactly(Fixtures.vector(reference.get("mean_prior")), within(1e-14));
    double[][] covariance = Fixtures.matrix(reference.get("covariance_prior"));
    double[][] actual = priors.covarianceMatrix();
    for (int i = 0; i < covariance.length; i++) {
      assertThat(actual[i]).containsExactly(covariance[i], within(1e-13));
    }
  }

  @Test
  void predictMatchesForEveryRow() {
    int[] expected = Fixtures.table("sklearn_predict_n10000.csv").onlyIntColumn();
    assertThat(fit.predict(x)).containsExactly(expected);
  }

  @Test
  void predictProbaMatchesTheFirstHundredRows() {
    double[][] expected = Fixtures.headerlessMatrix("sklearn_predict_proba_first100_n10000.csv");
    double[][] actual = fit.predictProba(java.util.Arrays.copyOf(x, 100));
    assertThat(actual).hasNumberOfRows(100);
    for (int r = 0; r < 100; r++) {
      assertThat(actual[r]).as("row %d", r).containsExactly(expected[r], within(1e-9));
      for (int c = 0; c < expected[r].length; c++) {
        // also relative: tiny probabilities (1e-66) agree to the 7 printed digits
        assertThat(actual[r][c]).isCloseTo(expected[r][c], within(1e-6 * expected[r][c] + 1e-300));
      }
    }
  }

  @Test
  void singleRowPredictAgreesWithBatchPredict() {
    int[] batch = fit.predict(java.util.Arrays.copyOf(x, 50));
    for (int r = 0; r < 50; r++) {
      assertThat(fit.predict(x[r])).isEqualTo(batch[r]);
    }
  }
}
