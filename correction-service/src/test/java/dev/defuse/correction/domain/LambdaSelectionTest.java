package dev.defuse.correction.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The λ of a sweep is chosen by validation accuracy, with a deterministic tie rule. */
class LambdaSelectionTest {

    @Test
    void theHighestValidationAccuracyWinsWhateverTheOtherScores() {
        List<PointResult> results = List.of(
                Points.done(0, 1e-10, 0.970, 0.05),
                Points.done(1, 1.0, 0.985, 0.20),   // best accuracy, worst loss
                Points.done(2, 100.0, 0.960, 0.01));
        assertThat(LambdaSelection.best(results)).get().extracting(PointResult::lambda).isEqualTo(1.0);
    }

    @Test
    void equalAccuracyIsDecidedByTheLowerValidationLoss() {
        List<PointResult> results = List.of(
                Points.done(0, 0.1, 0.98, 0.070),
                Points.done(1, 1.0, 0.98, 0.065),
                Points.done(2, 10.0, 0.97, 0.010));
        assertThat(LambdaSelection.best(results)).get().extracting(PointResult::lambda).isEqualTo(1.0);
    }

    @Test
    void equalAccuracyAndLossKeepTheSmallestLambda() {
        // tiny λ values give the same model (λ·L(D_f) vanishes next to L(D)): the smallest is kept
        List<PointResult> results = List.of(
                Points.done(2, 1e-8, 0.98, 0.07),
                Points.done(0, 1e-10, 0.98, 0.07),
                Points.done(1, 1e-9, 0.98, 0.07));
        assertThat(LambdaSelection.best(results)).get().extracting(PointResult::lambda).isEqualTo(1e-10);
    }

    @Test
    void failedPointsAreLeftOutAndNoSuccessMeansNoChoice() {
        assertThat(LambdaSelection.best(List.of(Points.failed(0, 1.0), Points.done(1, 10.0, 0.5, 1.0))))
                .get().extracting(PointResult::lambda).isEqualTo(10.0);
        assertThat(LambdaSelection.best(List.of(Points.failed(0, 1.0), Points.failed(1, 10.0)))).isEmpty();
        assertThat(LambdaSelection.best(List.of())).isEmpty();
    }

    @Test
    void theChoiceDoesNotDependOnTheOrderInWhichPointsFinished() {
        List<PointResult> results = new ArrayList<>(List.of(
                Points.done(0, 1e-3, 0.97, 0.09), Points.done(1, 1e-2, 0.98, 0.08), Points.done(2, 1e-1, 0.98, 0.08),
                Points.done(3, 1.0, 0.98, 0.06), Points.done(4, 10.0, 0.98, 0.06), Points.failed(5, 100.0)));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(results, random);
            assertThat(LambdaSelection.best(results)).get().extracting(PointResult::lambda).isEqualTo(1.0);
        }
    }
}
