package dev.defuse.common.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.tracker.ParameterTracker;
import org.junit.jupiter.api.Test;

/** The learning rate per optimiser step under each schedule. */
class LearningRateScheduleTest {

    @Test
    void constantNeverMoves() {
        ParameterTracker rate = LearningRateSchedule.CONSTANT.tracker(1e-3, 100);
        assertThat(rate.getNewValue("w", 1)).isEqualTo(1e-3f);
        assertThat(rate.getNewValue("w", 1000)).isEqualTo(1e-3f);
    }

    @Test
    void cosineFallsFromTheRateToOnePercentOverTheRun() {
        ParameterTracker rate = LearningRateSchedule.COSINE.tracker(1e-3, 100);
        assertThat(rate.getNewValue("w", 0)).isCloseTo(1e-3f, within(1e-9f));
        // halfway: the mean of start and end
        assertThat(rate.getNewValue("w", 50)).isCloseTo((1e-3f + 1e-5f) / 2, within(1e-7f));
        assertThat(rate.getNewValue("w", 100)).isCloseTo(1e-5f, within(1e-9f));
        assertThat(rate.getNewValue("w", 500)).isCloseTo(1e-5f, within(1e-9f));
    }

    @Test
    void parsesTheCommandLineNames() {
        assertThat(LearningRateSchedule.parse("Cosine")).isEqualTo(LearningRateSchedule.COSINE);
        assertThatThrownBy(() -> LearningRateSchedule.parse("step"))
                .hasMessageContaining("use constant or cosine");
    }
}
