package dev.defuse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository this module checks: its root, the four services and their modules. */
final class Repository {

    /** The pipeline services, each its own module and container image. */
    static final List<String> SERVICES = List.of(
            "identify-service", "distill-service", "labeling-service", "correction-service");

    /** The services that run on V100 nodes and so have a GPU image variant. */
    static final List<String> GPU_SERVICES = List.of("identify-service", "distill-service", "correction-service");

    private Repository() {
    }

    /** The repository root: {@code defuse.repository.root} (set by the build), else the parent of the working directory. */
    static Path root() {
        String configured = System.getProperty("defuse.repository.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent()).normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("not the repository root (no pom.xml and k8s/): " + root);
        }
        return root;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
