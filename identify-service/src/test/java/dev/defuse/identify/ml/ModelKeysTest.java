package dev.defuse.identify.ml;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelKeysTest {

    @Test
    void acceptsAnIdOrAnyKeyOfTheModel() {
        for (String ref : new String[] {"mnist-vae", "models/mnist-vae", "models/mnist-vae/",
            "models/mnist-vae/params.bin", "models/mnist-vae/manifest.json", " mnist-vae "}) {
            assertThat(ModelKeys.modelId(ref, "vaeModel")).as(ref).isEqualTo("mnist-vae");
        }
        assertThat(ModelKeys.specKey("mnist-vae")).isEqualTo("models/mnist-vae/params.bin");
    }

    @Test
    void refusesWhatIsNotAModel() {
        assertThatThrownBy(() -> ModelKeys.modelId("models/mnist-vae/other.bin", "vaeModel"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vaeModel");
        assertThatThrownBy(() -> ModelKeys.modelId("datasets/mnist/x", "vaeModel"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelKeys.modelId("", "vaeModel")).isInstanceOf(IllegalArgumentException.class);
    }
}
