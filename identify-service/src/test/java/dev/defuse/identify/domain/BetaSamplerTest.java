package dev.defuse.identify.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The noise of Algorithm 1: Beta(a, b) variates with the right moments, reproducible from the seed. */
class BetaSamplerTest {

    private static final int N = 200_000;

    @ParameterizedTest(name = "Beta({0}, {1})")
    @CsvSource({"50, 50", "2, 5", "0.5, 0.5", "1, 1", "7.5, 0.8"})
    void sampleMeanAndVarianceMatchTheBetaDistribution(double a, double b) {
        BetaSampler sampler = new BetaSampler(a, b, 42);
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < N; i++) {
            double x = sampler.next();
            assertThat(x).isBetween(0.0, 1.0);
            sum += x;
            squares += x * x;
        }
        double mean = sum / N;
        double variance = squares / N - mean * mean;
        double expectedMean = a / (a + b);
        double expectedVariance = a * b / ((a + b) * (a + b) * (a + b + 1));
        // 5 standard errors of the sample mean; 3 % for the variance (its relative error here is < 0.6 %)
        assertThat(mean).isCloseTo(expectedMean, within(5 * Math.sqrt(expectedVariance / N)));
        assertThat(variance).isCloseTo(expectedVariance, within(0.03 * expectedVariance));
    }

    @Test
    void cumulativeDistributionMatchesAClosedForm() {
        // Beta(2, 5): P(X <= x) = 1 - (1 - x)^6 - 6x(1 - x)^5, so P(X <= 0.2) = 0.34464
        BetaSampler sampler = new BetaSampler(2, 5, 7);
        int below = 0;
        for (int i = 0; i < N; i++) {
            if (sampler.next() <= 0.2) {
                below++;
            }
        }
        assertThat((double) below / N).isCloseTo(0.34464, within(5 * Math.sqrt(0.34464 * 0.65536 / N)));
    }

    @Test
    void theSameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        BetaSampler first = new BetaSampler(50, 50, 123);
        BetaSampler again = new BetaSampler(50, 50, 123);
        BetaSampler other = new BetaSampler(50, 50, 124);
        int differences = 0;
        for (int i = 0; i < 1000; i++) {
            double x = first.next();
            assertThat(again.next()).isEqualTo(x);
            if (other.next() != x) {
                differences++;
            }
        }
        assertThat(differences).isEqualTo(1000);
    }

    @Test
    void fillWritesFloatsAtTheOffset() {
        float[] target = new float[12];
        new BetaSampler(50, 50, 1).fill(target, 2, 10);
        BetaSampler expected = new BetaSampler(50, 50, 1);
        assertThat(target[0]).isZero();
        assertThat(target[1]).isZero();
        for (int i = 2; i < 12; i++) {
            assertThat(target[i]).isEqualTo((float) expected.next());
        }
    }

    @Test
    void rejectsShapesThatAreNotPositive() {
        assertThatThrownBy(() -> new BetaSampler(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BetaSampler(1, -2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BetaSampler(Double.POSITIVE_INFINITY, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
