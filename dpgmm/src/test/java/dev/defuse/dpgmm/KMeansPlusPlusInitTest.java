package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.dpgmm.io.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * From its own (seeded) k-means++ initialisation, the fit is as good as scikit-learn's on the 10,000-point
 * fixture: lower bound at least scikit-learn's minus 0.1 % of its magnitude, the same 8 components with weight
 * &gt; 0.01, and ARI ≥ 0.99 against the true mixture labels.
 */
class KMeansPlusPlusInitTest {

  @Test
  void ownInitialisationReachesScikitLearnsQuality() {
    CsvTable data = Fixtures.table("data_n10000.csv");
    double[][] x = data.features(null);
    int[] truth = data.intColumn(CsvTable.LABEL_COLUMN);
    JsonNode reference = Fixtures.json("sklearn_fit_n10000.json");
    double sklearnBound = reference.get("lower_bound").asDouble();

    DpgmmFit fit = new DpgmmFitter(DpgmmParams.builder().seed(0).build()).fit(x);

    assertThat(fit.converged()).isTrue();
    assertThat(fit.lowerBound()).isGreaterThanOrEqualTo(sklearnBound - 1e-3 * Math.abs(sklearnBound));
    assertThat(fit.activeComponents(0.01)).hasSize(reference.get("n_weight_gt_0_01").asInt()).hasSize(8);
    assertThat(AdjustedRandIndex.of(truth, fit.predict(x))).isGreaterThanOrEqualTo(0.99);
  }
}
