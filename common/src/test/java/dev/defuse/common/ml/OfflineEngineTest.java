package dev.defuse.common.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine needs no network: a fresh JVM with an empty DJL cache, every HTTP(S) connection sent to a dead proxy
 * and {@code ai.djl.offline=true} loads libtorch from the {@code pytorch-native-cpu} jar and trains. Without that jar
 * it fails at once with an error that says what to install, instead of trying to download.
 */
class OfflineEngineTest {

    private static final String NATIVE_JAR = "pytorch-native-cpu";

    @TempDir
    Path temp;

    @Test
    void trainsInAJvmWithoutNetworkFromAnEmptyCache() throws Exception {
        String classpath = System.getProperty("java.class.path");
        assertThat(classpath).as("test classpath").contains(NATIVE_JAR);
        Path cache = Files.createDirectories(temp.resolve("djl-cache"));

        Result result = probe(classpath, cache);

        assertThat(result.stdout()).contains("NETWORK-BLOCKED").contains("ENGINE-OK PyTorch 2.7.1");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).doesNotContain("Downloading");
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("libtorch extracted from the jar into the empty cache")
                    .contains("libtorch_cpu.so");
        }
    }

    @Test
    void withoutTheNativeJarItSaysWhatToInstallInsteadOfDownloading() throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains(NATIVE_JAR))
                .collect(Collectors.joining(File.pathSeparator));
        Path cache = Files.createDirectories(temp.resolve("djl-cache"));

        Result result = probe(classpath, cache);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stdout())
                .contains("ENGINE-UNAVAILABLE PyTorch native library could not be loaded")
                .contains("pytorch-native-cpu:2.7.1")
                .contains("PYTORCH_LIBRARY_PATH");
        assertThat(result.stderr()).doesNotContain("Downloading");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result probe(String classpath, Path cache) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Dai.djl.offline=true",
                // every HTTP(S) connection of this JVM goes to a closed local port
                "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9",
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
                "-Dhttp.nonProxyHosts=", "-Djava.net.useSystemProxies=false",
                "-cp", classpath, OfflineEngineProbe.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile());
        builder.environment().put("DJL_CACHE_DIR", cache.toString());
        builder.environment().put("ENGINE_CACHE_DIR", cache.toString());
        builder.environment().remove("PYTORCH_LIBRARY_PATH");
        Path out = temp.resolve("probe.out");
        Path err = temp.resolve("probe.err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("probe JVM did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
