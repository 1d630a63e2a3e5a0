package dev.defuse.common.ml;

import dev.defuse.common.util.Require;

/**
 * How many CPU threads libtorch may use.
 *
 * <p>{@code intraOpThreads} parallelise one operator (a convolution, a matrix product); {@code interOpThreads} run
 * independent operators concurrently. On the shared 2-core development machine one intra-op thread was measured
 * faster than two (see {@code docs/ml.md}): two OpenMP threads spin-wait for each other whenever another process
 * holds a core. Both default to 1; raise them on a dedicated machine.
 *
 * @param intraOpThreads threads inside one operator ({@code ai.djl.pytorch.num_threads})
 * @param interOpThreads threads across operators ({@code ai.djl.pytorch.num_interop_threads}); libtorch only
 *                       honours this before the engine has run its first parallel operation
 */
public record TorchSettings(int intraOpThreads, int interOpThreads) {

    /** System property DJL reads for the intra-op thread count. */
    public static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";
    /** System property DJL reads for the inter-op thread count. */
    public static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";
    /** Environment variable overriding the intra-op default (used by the CLI and the services). */
    public static final String INTRA_OP_ENV = "DEFUSE_TORCH_THREADS";
    /** Environment variable overriding the inter-op default. */
    public static final String INTER_OP_ENV = "DEFUSE_TORCH_INTEROP_THREADS";
    /** Measured best on the shared 2-core machine; see the class comment. */
    public static final int DEFAULT_THREADS = 1;

    public TorchSettings {
        Require.positive(intraOpThreads, "intra-op threads");
        Require.positive(interOpThreads, "inter-op threads");
    }

    /** One intra-op and one inter-op thread. */
    public static TorchSettings defaults() {
        return new TorchSettings(DEFAULT_THREADS, DEFAULT_THREADS);
    }

    /**
     * Settings from the system properties DJL itself reads, then the {@code DEFUSE_TORCH_*} environment variables,
     * then {@link #defaults()}.
     */
    public static TorchSettings fromEnvironment() {
        return new TorchSettings(
                read(INTRA_OP_PROPERTY, INTRA_OP_ENV),
                read(INTER_OP_PROPERTY, INTER_OP_ENV));
    }

    /** The same inter-op setting with another intra-op thread count. */
    public TorchSettings withIntraOpThreads(int threads) {
        return new TorchSettings(threads, interOpThreads);
    }

    private static int read(String property, String env) {
        String value = System.getProperty(property);
        String source = property;
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
            source = env;
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_THREADS;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a positive integer, got '" + value + "'", e);
        }
    }
}
