package dev.defuse.cli.train;

import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchSettings;
import picocli.CommandLine.Option;

/** libtorch thread counts (the engine starts with them). */
public final class EngineOptions {

  @Option(names = "--threads", paramLabel = "N",
      defaultValue = "${env:" + TorchSettings.INTRA_OP_ENV + ":-" + TorchSettings.DEFAULT_THREADS + "}",
      description = "Intra-op threads of libtorch (env " + TorchSettings.INTRA_OP_ENV
          + "; default ${DEFAULT-VALUE}: one thread was measured fastest on the shared 2-core machine).")
  int threads;

  @Option(names = "--interop-threads", paramLabel = "N",
      defaultValue = "${env:" + TorchSettings.INTER_OP_ENV + ":-" + TorchSettings.DEFAULT_THREADS + "}",
      description = "Inter-op threads of libtorch (env " + TorchSettings.INTER_OP_ENV + "; default ${DEFAULT-VALUE}).")
  int interopThreads;

  public TorchSettings settings() {
    return new TorchSettings(threads, interopThreads);
  }

  /** Starts the engine with these settings and returns its one-line description. */
  public String start() {
    return TorchRuntime.describe(TorchRuntime.start(settings()));
  }
}
