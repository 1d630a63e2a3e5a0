package dev.defuse.correction.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.SweepVariant;
import org.junit.jupiter.api.Test;

/** The deterministic ids of corrected models. */
class ModelIdsTest {

    @Test
    void correctedModelsAreNamedAfterTheirJobWithinTheIdLimit() {
        assertThat(ModelIds.corrected("job-7", SweepVariant.DEFUSE)).isEqualTo("job-7-defuse");
        assertThat(ModelIds.candidate("job-7", SweepVariant.BASELINE, 3)).isEqualTo("job-7-baseline-3");
        String longJob = "j".repeat(98);
        assertThat(ModelIds.corrected(longJob, SweepVariant.DEFUSE))
                .hasSizeLessThanOrEqualTo(100).startsWith("job-").endsWith("-defuse")
                .isEqualTo(ModelIds.corrected(longJob, SweepVariant.DEFUSE));
    }
}
