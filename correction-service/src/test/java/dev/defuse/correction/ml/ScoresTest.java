package dev.defuse.correction.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Accuracy and cross-entropy with known answers. */
class ScoresTest {

    @Test
    void crossEntropyOfKnownLogits() {
        // uniform logits over 2 classes: ln 2; a confident right answer: ~0; scale does not overflow
        assertThat(Scores.crossEntropy(new float[] {0, 0}, 2, new int[] {0})).isCloseTo(Math.log(2), within(1e-12));
        assertThat(Scores.crossEntropy(new float[] {1000, 0, 0, 1000}, 2, new int[] {0, 1}))
                .isCloseTo(0, within(1e-12));
        assertThat(Scores.crossEntropy(new float[] {0, 1000}, 2, new int[] {0})).isCloseTo(1000, within(1e-9));
        // log-softmax of (1, 2, 3) at class 0: 3 + ln(e^-2 + e^-1 + 1) - 1
        double expected = 3 + Math.log(Math.exp(-2) + Math.exp(-1) + 1) - 1;
        assertThat(Scores.crossEntropy(new float[] {1, 2, 3}, 3, new int[] {0})).isCloseTo(expected, within(1e-6));
    }

    @Test
    void argMaxTakesTheFirstOfEqualLogits() {
        assertThat(Scores.argMax(new float[] {1, 3, 3, 5, 0, 0}, 3)).containsExactly(1, 0);
    }

    @Test
    void accuracyOverallAndPerGroup() {
        int[] predicted = {1, 2, 3, 4, 5};
        int[] labels = {1, 2, 0, 4, 0};
        int[] regions = {7, 7, 7, 2, 2};
        assertThat(Scores.accuracy(predicted, labels)).isEqualTo(0.6);
        assertThat(Scores.accuracyByGroup(predicted, labels, regions))
                .containsExactly(java.util.Map.entry(2, 0.5), java.util.Map.entry(7, 2.0 / 3));
    }
}
