package dev.defuse.common.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of the repository from a test (surefire runs in the module directory). */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("datasets/README.md"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no datasets/README.md above " + Path.of("").toAbsolutePath());
    }

    static Path mnist() {
        return root().resolve(MnistDataset.DEFAULT_DIRECTORY);
    }
}
