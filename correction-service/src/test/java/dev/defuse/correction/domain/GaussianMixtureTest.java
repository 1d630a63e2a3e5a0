package dev.defuse.correction.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Codes go to their most probable component: density and weight both count. */
class GaussianMixtureTest {

    private static final double[][] IDENTITY = {{1, 0}, {0, 1}};

    @Test
    void aCodeGoesToTheNearestOfEquallyWeightedComponents() {
        GaussianMixture mixture = new GaussianMixture(new double[] {0.5, 0.5},
                new double[][] {{0, 0}, {4, 0}}, new double[][][] {IDENTITY, IDENTITY});
        assertThat(mixture.assign(new float[] {1.9f, 0}, 0)).isEqualTo(0);
        assertThat(mixture.assign(new float[] {9, 9, 2.1f, 0}, 2)).isEqualTo(1);
    }

    @Test
    void weightAndSpreadShiftTheBoundary() {
        // log 0.9 - log 0.1 = 2.197 moves the boundary between unit Gaussians at 0 and 4 to x = 2 + 2.197/4 = 2.55
        GaussianMixture weighted = new GaussianMixture(new double[] {0.9, 0.1},
                new double[][] {{0, 0}, {4, 0}}, new double[][][] {IDENTITY, IDENTITY});
        assertThat(weighted.assign(new float[] {2.5f, 0}, 0)).isEqualTo(0);
        assertThat(weighted.assign(new float[] {2.6f, 0}, 0)).isEqualTo(1);
        // a wide component wins far from both means
        GaussianMixture wide = new GaussianMixture(new double[] {0.5, 0.5},
                new double[][] {{0, 0}, {4, 0}}, new double[][][] {IDENTITY, {{25, 0}, {0, 25}}});
        assertThat(wide.assign(new float[] {0, 6}, 0)).isEqualTo(1);
    }

    @Test
    void componentsWithoutWeightNeverWinAndSingularCovariancesAreRegularised() {
        GaussianMixture mixture = new GaussianMixture(new double[] {0.0, 1.0},
                new double[][] {{0, 0}, {10, 10}}, new double[][][] {IDENTITY, {{1, 1}, {1, 1}}});
        assertThat(mixture.assign(new float[] {0, 0}, 0)).isEqualTo(1);
    }
}
