package dev.defuse.distill.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A job spec's model key names a model of the repository. */
class ModelIdsTest {

  @Test
  void keysOfAModelsFilesItsFolderOrItsIdNameTheModel() {
    assertThat(ModelIds.fromKey("models/mnist-vae/params.bin")).isEqualTo("mnist-vae");
    assertThat(ModelIds.fromKey("models/mnist-vae/manifest.json")).isEqualTo("mnist-vae");
    assertThat(ModelIds.fromKey("models/mnist-vae")).isEqualTo("mnist-vae");
    assertThat(ModelIds.fromKey("mnist-vae")).isEqualTo("mnist-vae");
  }

  @Test
  void otherKeysAreRefusedWithTheExpectedForms() {
    assertThatThrownBy(() -> ModelIds.fromKey("models/mnist-vae/weights/old.bin"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("models/{modelId}/params.bin");
    assertThatThrownBy(() -> ModelIds.fromKey("datasets/mnist/train.idx"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
