package dev.defuse.common.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every form a user or a spec may name a model by gives its id; anything else is refused with the forms. */
class ModelKeysTest {

    @Test
    void anIdTheFolderOrEitherFileNamesTheModel() {
        for (String reference : new String[] {"mnist-vae", " mnist-vae ", "models/mnist-vae", "models/mnist-vae/",
            "models/mnist-vae/params.bin", "models/mnist-vae/manifest.json"}) {
            assertThat(ModelKeys.modelId(reference, "vaeModel")).as(reference).isEqualTo("mnist-vae");
        }
        assertThat(ModelKeys.modelId("models/mnist-cnn/params.bin")).isEqualTo("mnist-cnn");
    }

    @Test
    void specsStoreTheParametersKey() {
        assertThat(ModelKeys.specKey("mnist-vae")).isEqualTo("models/mnist-vae/params.bin");
        assertThat(ModelKeys.modelId(ModelKeys.specKey("mnist-vae"))).isEqualTo("mnist-vae");
    }

    @Test
    void otherKeysAreRefusedNamingTheFieldAndTheAcceptedForms() {
        for (String reference : new String[] {"models/mnist-vae/other.bin", "models/mnist-vae/weights/old.bin",
            "datasets/mnist/train.idx", "tensors/x/params.bin", "mnist/params.bin", "models/a/params.bin/"}) {
            assertThatThrownBy(() -> ModelKeys.modelId(reference, "vaeModel")).as(reference)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vaeModel '" + reference + "' is not a model")
                    .hasMessageContaining("models/{modelId}/params.bin");
        }
    }

    @Test
    void theIdItselfMustBeValid() {
        assertThatThrownBy(() -> ModelKeys.modelId("", "vaeModel")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vaeModel");
        assertThatThrownBy(() -> ModelKeys.modelId("models//params.bin", "vaeModel"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ModelKeys.modelId("models/", "vaeModel"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ModelKeys.modelId("-x", "classifierModel"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classifierModel");
    }
}
