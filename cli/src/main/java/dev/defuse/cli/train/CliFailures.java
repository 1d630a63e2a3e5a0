package dev.defuse.cli.train;

import dev.defuse.common.data.DatasetFormatException;
import dev.defuse.common.ml.TorchUnavailableException;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.store.ObjectStoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a command body and turns the failures a user can fix into one clear line and exit code 1. */
final class CliFailures {

  private CliFailures() {
  }

  /** The work of a command, writing results to {@code out} and progress to {@code err}. */
  @FunctionalInterface
  interface Body {
    int run(PrintWriter out, PrintWriter err) throws Exception;
  }

  /** Runs a command's body with its output streams, closing the store options (object-store client) afterwards. */
  static int run(CommandSpec spec, ModelStoreOptions storage, Body body) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ModelStoreOptions store = storage) {
      return run(err, () -> body.run(out, err));
    }
  }

  static int run(PrintWriter err, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (TorchUnavailableException | ModelLoadException | ModelNotFoundException | DatasetFormatException
             | ObjectStoreException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
