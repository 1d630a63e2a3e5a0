package dev.defuse.common.ml;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small slices of the repository's MNIST copy for fast ML tests (surefire runs in the module folder). */
public final class MlFixtures {

    private MlFixtures() {
    }

    public static Path mnistDirectory() {
        Path dir = Path.of("..").resolve(MnistDataset.DEFAULT_DIRECTORY).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("MNIST not found at " + dir + " (run the tests from the module folder)");
        }
        return dir;
    }

    /** The first {@code n} MNIST training images. */
    public static LabeledImages mnistTrain(int n) {
        return MnistDataset.train(mnistDirectory()).slice(0, n);
    }

    /** The first {@code n} MNIST test images. */
    public static LabeledImages mnistTest(int n) {
        return MnistDataset.test(mnistDirectory()).slice(0, n);
    }
}
