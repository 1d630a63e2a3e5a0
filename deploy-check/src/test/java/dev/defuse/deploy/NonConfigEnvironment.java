package dev.defuse.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Environment variables the manifests and images set that are not MicroProfile Config keys: each names who reads it.
 * Where that is a Java class, the check finds the variable's name in that class's bytecode, so a renamed variable
 * fails the build instead of being silently ignored at run time.
 */
enum NonConfigEnvironment {
    JAVA_OPTS_APPEND(null, "run-java.sh of the UBI OpenJDK runtime image: extra JVM options"),
    JAVA_APP_JAR(null, "run-java.sh of the UBI OpenJDK runtime image: the jar to run"),
    JAVA_MAX_MEM_RATIO(null, "run-java.sh of the UBI OpenJDK runtime image: heap share of the container memory"),
    LANGUAGE(null, "glibc locale of the image"),
    MALLOC_MMAP_THRESHOLD_(null, "glibc malloc: largest allocation served from the heap (libtorch activations)"),
    MALLOC_TRIM_THRESHOLD_(null, "glibc malloc: free heap kept before returning memory to the kernel"),
    MALLOC_TOP_PAD_(null, "glibc malloc: extra heap requested at a time"),
    NVIDIA_DRIVER_CAPABILITIES(null, "NVIDIA container toolkit: which driver libraries to mount"),
    DJL_OFFLINE("ai.djl.util.Utils", "DJL: never download (also -Dai.djl.offline)"),
    DJL_CACHE_DIR("ai.djl.util.Utils", "DJL: cache directory"),
    ENGINE_CACHE_DIR("ai.djl.util.Utils", "DJL: engine cache (unpacked libtorch, JNI glue)"),
    PYTORCH_LIBRARY_PATH("ai.djl.pytorch.jni.LibUtils", "DJL: libtorch directory of the GPU image"),
    PYTORCH_VERSION("ai.djl.pytorch.jni.LibUtils", "DJL: version of that libtorch"),
    PYTORCH_FLAVOR("ai.djl.pytorch.jni.LibUtils", "DJL: CUDA flavor of that libtorch"),
    DEFUSE_TORCH_THREADS("dev.defuse.common.ml.TorchSettings", "libtorch intra-op threads of the Defuse models");

    /** The class that reads the variable, or null when it is read outside Java (image scripts, container runtime). */
    final String readerClass;
    final String description;

    NonConfigEnvironment(String readerClass, String description) {
        this.readerClass = readerClass;
        this.description = description;
    }

    static Optional<NonConfigEnvironment> of(String env) {
        return Arrays.stream(values()).filter(v -> v.name().equals(env)).findFirst();
    }

    /** Whether the reader class mentions the variable's name (true when the reader is not Java). */
    boolean verified(Path root) {
        if (readerClass == null) {
            return true;
        }
        byte[] bytes = classBytes(root, readerClass);
        return bytes != null && new String(bytes, StandardCharsets.ISO_8859_1).contains(name());
    }

    /** The bytecode of a class: from a module's target/classes, else from the test classpath (dependencies). */
    static byte[] classBytes(Path root, String className) {
        String file = className.replace('.', '/') + ".class";
        try (var modules = Files.list(root)) {
            for (Path module : modules.toList()) {
                Path candidate = module.resolve("target/classes").resolve(file);
                if (Files.isRegularFile(candidate)) {
                    return Files.readAllBytes(candidate);
                }
            }
            try (InputStream in = NonConfigEnvironment.class.getClassLoader().getResourceAsStream(file)) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
