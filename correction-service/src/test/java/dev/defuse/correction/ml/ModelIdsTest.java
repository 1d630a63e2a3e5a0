package dev.defuse.correction.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defuse.common.events.SweepVariant;
import org.junit.jupiter.api.Test;

/** Model ids from registry keys, and the deterministic ids of corrected models. */
class ModelIdsTest {

    @Test
    void theIdOfARegistryKey() {
        assertThat(ModelIds.fromKey("models/mnist-cnn/params.bin")).isEqualTo("mnist-cnn");
        assertThat(ModelIds.fromKey("models/mnist-cnn/manifest.json")).isEqualTo("mnist-cnn");
        assertThat(ModelIds.fromKey("models/mnist-cnn/")).isEqualTo("mnist-cnn");
        assertThat(ModelIds.fromKey("mnist-cnn")).isEqualTo("mnist-cnn");
        assertThatThrownBy(() -> ModelIds.fromKey("tensors/x/params.bin"))
                .hasMessageContaining("not in the registry");
        assertThatThrownBy(() -> ModelIds.fromKey("models/x/weights.pt")).hasMessageContaining("names neither");
    }

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
