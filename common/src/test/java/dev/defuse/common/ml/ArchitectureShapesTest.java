package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.defuse.common.ml.arch.BetaVaeBlock;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.arch.ModelArchitecture;
import dev.defuse.common.ml.arch.VaeArchitecture;
import dev.defuse.common.ml.model.ModelLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The paper's networks (appendix B) have the documented input handling and output shapes. */
class ArchitectureShapesTest {

    @BeforeAll
    static void engine() {
        TorchRuntime.start(TorchSettings.defaults());
    }

    @Test
    void mnistClassifierPads28To32AndOutputsTenLogits() {
        ClassifierArchitecture mnist = ClassifierArchitecture.mnist();
        assertThat(mnist.input()).isEqualTo(new ImageInput(1, 28, 32));
        assertThat(outputs(mnist, 3)).containsExactly(new Shape(3, 10));
    }

    @Test
    void svhnClassifierTakesRgb32WithoutPadding() {
        ClassifierArchitecture svhn = ClassifierArchitecture.svhn();
        assertThat(svhn.input()).isEqualTo(new ImageInput(3, 32, 32));
        assertThat(outputs(svhn, 2)).containsExactly(new Shape(2, 10));
    }

    @Test
    void germanSignsClassifierTakesRgb128WithFortyThreeClasses() {
        assertThat(outputs(ClassifierArchitecture.germanSigns(), 1)).containsExactly(new Shape(1, 43));
    }

    @Test
    void mnistVaeReconstructsInTheDatasetSizeWithTenLatentDimensions() {
        VaeArchitecture mnist = VaeArchitecture.mnist(10);
        assertThat(mnist.input()).isEqualTo(new ImageInput(1, 28, 32));
        assertThat(mnist.convFilters()).isEqualTo(32);
        assertThat(outputs(mnist, 4)).containsExactly(new Shape(4, 1, 28, 28), new Shape(4, 10), new Shape(4, 10));
    }

    @Test
    void svhnVaeIsTheSixtyFourChannelVariant() {
        VaeArchitecture svhn = VaeArchitecture.svhn(20);
        assertThat(svhn.convFilters()).isEqualTo(64);
        assertThat(outputs(svhn, 2)).containsExactly(new Shape(2, 3, 32, 32), new Shape(2, 20), new Shape(2, 20));
    }

    @Test
    void germanSignsVaeHasFifteenLatentDimensionsAt128Pixels() {
        VaeArchitecture signs = VaeArchitecture.germanSigns();
        assertThat(signs.latentSize()).isEqualTo(15);
        assertThat(signs.bottleneckSize()).isEqualTo(16);
        assertThat(outputs(signs, 1)).containsExactly(new Shape(1, 3, 128, 128), new Shape(1, 15), new Shape(1, 15));
    }

    @Test
    void paddingCentresTheImageAndCroppingUndoesIt() {
        ImageInput input = new ImageInput(1, 28, 32);
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            NDArray ones = manager.ones(new Shape(1, 1, 28, 28));
            NDArray padded = input.pad(ones);
            assertThat(padded.getShape()).isEqualTo(new Shape(1, 1, 32, 32));
            assertThat(padded.sum().getFloat()).isEqualTo(28 * 28);
            assertThat(padded.getFloat(0, 0, 1, 1)).isZero();
            assertThat(padded.getFloat(0, 0, 2, 2)).isEqualTo(1f);
            assertThat(padded.getFloat(0, 0, 29, 29)).isEqualTo(1f);
            assertThat(padded.getFloat(0, 0, 30, 30)).isZero();
            assertThat(input.crop(padded).contentEquals(ones)).isTrue();
        }
    }

    @Test
    void rejectsSizesTheStridedConvolutionsCannotDivide() {
        assertThatThrownBy(() -> new ClassifierArchitecture(new ImageInput(1, 28, 28), 10, 64, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 16");
        assertThatThrownBy(() -> new VaeArchitecture(new ImageInput(1, 28, 30), 10, 32, 256))
                .hasMessageContaining("multiple of 8");
    }

    @Test
    void classifierLayersFollowTheAppendix() {
        try (Model model = ModelLoader.newModel(ClassifierArchitecture.mnist(), "layers")) {
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            var shapes = model.getBlock().getParameters().values().stream()
                    .map(p -> p.getArray().getShape()).toList();
            assertThat(shapes).containsExactly(
                    new Shape(64, 1, 4, 4), new Shape(64),
                    new Shape(64, 64, 4, 4), new Shape(64),
                    new Shape(64, 64, 4, 4), new Shape(64),
                    new Shape(64, 64, 4, 4), new Shape(64),
                    new Shape(256, 256), new Shape(256), // 64 filters × 2 × 2 after four halvings of 32
                    new Shape(256, 256), new Shape(256),
                    new Shape(10, 256), new Shape(10));
        }
    }

    /** Initialises the architecture and runs a forward pass on zeros of the dataset's image size. */
    private static Shape[] outputs(ModelArchitecture architecture, int batch) {
        try (Model model = ModelLoader.newModel(architecture, "shapes");
             NDManager manager = model.getNDManager().newSubManager()) {
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, architecture.initShape());
            NDArray images = manager.zeros(architecture.input().batchShape(batch));
            NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(images), false);
            Shape[] declared = model.getBlock().getOutputShapes(new Shape[] {images.getShape()});
            Shape[] actual = out.stream().map(NDArray::getShape).toArray(Shape[]::new);
            assertThat(declared).containsExactly(actual);
            if (model.getBlock() instanceof BetaVaeBlock) {
                assertThat(actual).hasSize(3);
            }
            return actual;
        }
    }
}
