package dev.defuse.cli.stack;

import dev.defuse.stack.StackException;
import dev.defuse.stack.StackLauncher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse down}: stops the local stack, keeping its data. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
        "Stop the local stack (Kafka, S3Proxy, PostgreSQL) cleanly. The data stays in the data directory and is "
            + "there again after './defuse up'.",
        "Also stops servers left behind by a stack daemon that was killed."})
public final class DownCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackDirectory directory;

  @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "60",
      description = "How long to wait for a clean shutdown before killing the processes (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Mixin
  JsonOutput json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path dataDir = directory.resolve();
    long t0 = System.nanoTime();
    boolean wasRunning;
    try {
      wasRunning = new StackLauncher().stop(dataDir, Duration.ofSeconds(timeoutSeconds));
    } catch (StackException e) {
      spec.commandLine().getErr().println("defuse down: " + e.getMessage());
      return 1;
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    if (json.enabled()) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("dataDir", dataDir.toString());
      root.put("wasRunning", wasRunning);
      root.put("wallMillis", millis);
      json.print(out, root);
    } else if (wasRunning) {
      out.printf("Stopped the local stack in %.1f s (data kept in %s).%n", millis / 1000.0, dataDir);
    } else {
      out.println("The local stack is not running (data directory " + dataDir + ").");
    }
    return 0;
  }
}
