package dev.defuse.common.ml;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine offline, with explicit thread counts, and turns a failure to load libtorch into an
 * error that says what to install.
 *
 * <p>libtorch loads once per JVM, so the engine is process-wide: the first {@link #start} decides the inter-op
 * thread count; the intra-op count can be changed by later calls. Nothing is ever downloaded: if neither the
 * {@code pytorch-native-cpu} jar is on the classpath nor {@code PYTORCH_LIBRARY_PATH} points at a libtorch, this
 * class refuses to start the engine (DJL would otherwise try to fetch libtorch from the internet).
 */
public final class TorchRuntime {

    /** DJL's name of the PyTorch engine. */
    public static final String ENGINE_NAME = "PyTorch";
    /** The libtorch version the build pins (must match {@code pytorch-jni}). */
    public static final String PYTORCH_VERSION = "2.7.1";
    /** DJL system property that forbids model-zoo and engine downloads. */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";
    /** Environment variable (read by DJL) naming a directory with a locally installed libtorch, e.g. CUDA builds. */
    public static final String LIBRARY_PATH_ENV = "PYTORCH_LIBRARY_PATH";

    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
    private static final String INSTALL_HINT = "Defuse runs DJL offline and never downloads libtorch. For CPU, put "
            + "ai.djl.pytorch:pytorch-native-cpu:" + PYTORCH_VERSION + " (classifier linux-x86_64) and "
            + "ai.djl.pytorch:pytorch-jni:" + PYTORCH_VERSION + "-0.36.0 on the classpath (the default Maven build "
            + "and ./defuse do; install pytorch-native-cpu with `mvn dependency:get` if your local repository lacks "
            + "it). For GPU images, install a CUDA libtorch " + PYTORCH_VERSION + " and set "
            + "PYTORCH_LIBRARY_PATH=<libtorch>/lib, PYTORCH_VERSION=" + PYTORCH_VERSION
            + " and PYTORCH_FLAVOR (e.g. cu126; see docs/deploy.md).";

    private TorchRuntime() {
    }

    /** Starts (or returns) the engine with thread counts from the environment ({@link TorchSettings#fromEnvironment}). */
    public static Engine engine() {
        return start(TorchSettings.fromEnvironment());
    }

    /**
     * Starts (or returns) the PyTorch engine with the given thread counts.
     *
     * @throws TorchUnavailableException if libtorch is not installed locally or cannot be loaded
     */
    public static Engine start(TorchSettings settings) {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        // DJL reads these once, when the engine is created; they are harmless afterwards.
        System.setProperty(TorchSettings.INTRA_OP_PROPERTY, Integer.toString(settings.intraOpThreads()));
        System.setProperty(TorchSettings.INTER_OP_PROPERTY, Integer.toString(settings.interOpThreads()));
        Engine engine = load();
        applyThreads(settings);
        return engine;
    }

    /** Seeds libtorch's global generator (parameter initialisation, VAE noise) and DJL's own random utilities. */
    public static void seed(Engine engine, long seed) {
        engine.setRandomSeed(Long.hashCode(seed));
    }

    /** The thread counts libtorch is using now. */
    public static TorchSettings currentThreads() {
        return new TorchSettings(JniUtils.getNumThreads(), JniUtils.getNumInteropThreads());
    }

    /** One line for logs and reports: versions, thread counts. */
    public static String describe(Engine engine) {
        TorchSettings threads = currentThreads();
        return ENGINE_NAME + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + "), "
                + threads.intraOpThreads() + " intra-op / " + threads.interOpThreads() + " inter-op threads";
    }

    private static Engine load() {
        requireLocalLibrary();
        try {
            return Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | LinkageError e) {
            throw unavailable(rootMessage(e), e);
        }
    }

    /** Refuses to let DJL fall back to downloading libtorch. */
    private static void requireLocalLibrary() {
        String libraryPath = System.getenv(LIBRARY_PATH_ENV);
        if (libraryPath != null && !libraryPath.isBlank()) {
            boolean found = false;
            for (String dir : libraryPath.split(java.io.File.pathSeparator)) {
                found |= Files.isRegularFile(Path.of(dir, System.mapLibraryName("torch")));
            }
            if (!found) {
                throw unavailable(LIBRARY_PATH_ENV + "=" + libraryPath + " contains no "
                        + System.mapLibraryName("torch"), null);
            }
            return;
        }
        Platform platform;
        try {
            platform = Platform.detectPlatform("pytorch");
        } catch (RuntimeException | LinkageError e) {
            throw unavailable("the pytorch-engine jar is missing or broken (" + rootMessage(e) + ")", e);
        }
        if (platform.isPlaceholder()) {
            throw unavailable("no pytorch-native-* jar for " + platform.getClassifier()
                    + " is on the classpath and " + LIBRARY_PATH_ENV + " is not set", null);
        }
    }

    private static void applyThreads(TorchSettings settings) {
        if (JniUtils.getNumThreads() != settings.intraOpThreads()) {
            JniUtils.setNumThreads(settings.intraOpThreads());
        }
        int interOp = JniUtils.getNumInteropThreads();
        if (interOp != settings.interOpThreads()) {
            LOG.warn("libtorch already runs {} inter-op threads; the inter-op count can only be set before the "
                    + "engine's first start (requested {})", interOp, settings.interOpThreads());
        }
    }

    private static TorchUnavailableException unavailable(String reason, Throwable cause) {
        return new TorchUnavailableException(
                "PyTorch native library could not be loaded: " + reason + ". " + INSTALL_HINT, cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root == e
                ? String.valueOf(message)
                : e.getMessage() + ": " + root.getClass().getSimpleName() + ": " + message;
    }
}
