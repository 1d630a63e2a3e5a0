package dev.defuse.cli.labeling;

import dev.defuse.cli.demo.ServiceFleet;
import dev.defuse.cli.stack.ServiceEnvironment;
import dev.defuse.stack.StackConfig;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the labels benchmark runs against: a local stack (Kafka and S3 to bring jobs in, PostgreSQL behind the
 * service) and a labeling service connected to it. Either both are started for the run and stopped by
 * {@link #close()} ({@link #start}), or they are already running ({@link #existing}) and left alone.
 *
 * @param servicePid the service's process id (for its CPU time), null when unknown
 */
record BenchTarget(StackStatus stack, String url, String adminToken, Long servicePid, boolean started,
    AutoCloseable stopper) implements AutoCloseable {

  private static final String SERVICE = "labeling-service";
  private static final Duration STACK_START = Duration.ofMinutes(3);
  private static final Duration STACK_STOP = Duration.ofMinutes(1);
  private static final Duration SERVICE_READY = Duration.ofMinutes(3);

  static BenchTarget existing(StackStatus stack, String url, String adminToken, Long servicePid) {
    return new BenchTarget(stack, url, adminToken, servicePid, false, () -> { });
  }

  /**
   * Starts a fresh stack in {@code workDir/stack} on free ports (it dies with this process, even on Ctrl-C) and the
   * packaged labeling service with the stack's environment and a random admin token (log in {@code workDir/logs}).
   */
  static BenchTarget start(Path root, Path workDir, List<String> serviceJvmOptions, PrintWriter err) {
    Path stackDir = workDir.resolve("stack");
    StackLauncher launcher = new StackLauncher();
    if (launcher.running(stackDir).isPresent()) {
      launcher.stop(stackDir, STACK_STOP); // left behind by an interrupted run
    }
    deleteRecursively(stackDir); // a fresh database each run, so runs compare
    err.println("starting a local stack in " + stackDir + " ...");
    err.flush();
    StackStatus stack = launcher.start(StackConfig.defaults(stackDir).withFreePorts(true)
        .withParentPid(ProcessHandle.current().pid()), STACK_START).status();
    ServiceFleet fleet = new ServiceFleet(root, workDir.resolve("logs"), serviceJvmOptions, err);
    AutoCloseable stop = () -> {
      fleet.close();
      launcher.stop(stackDir, STACK_STOP);
    };
    try {
      String adminToken = "bench-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      Map<String, String> env = new LinkedHashMap<>(ServiceEnvironment.of(stack));
      env.put("DEFUSE_LABELING_ADMIN_TOKEN", adminToken);
      ServiceFleet.Service service = fleet.start(SERVICE, env);
      fleet.awaitReady(SERVICE_READY);
      return new BenchTarget(stack, service.url(), adminToken, service.process().pid(), true, stop);
    } catch (RuntimeException e) {
      closeQuietly(stop);
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    stopper.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception suppressed) {
      // the original failure matters more
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir + ": " + e.getMessage(), e);
    }
  }
}
