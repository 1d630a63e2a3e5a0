package dev.defuse.testsupport;

import dev.defuse.stack.StackConfig;
import dev.defuse.stack.StackDefaults;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One local stack (Kafka, S3Proxy, PostgreSQL) per test JVM, on free ports and a temporary data directory, started
 * on first use and stopped when the JVM exits (the daemon also exits by itself if the JVM is killed).
 *
 * <p>Quarkus loads test resources in its own class loaders, so "one per JVM" cannot rest on a static field: the
 * running stack's data directory is kept in a system property and the lock is an interned string, both shared by
 * every class loader of the JVM.
 */
public final class SharedLocalStack {

  /** System property holding the data directory of this JVM's stack once it runs. */
  static final String DATA_DIR_PROPERTY = "defuse.test-support.stack-dir";
  private static final String JVM_WIDE_LOCK = "dev.defuse.testsupport.SharedLocalStack.lock";
  /** Generous: several test JVMs may start stacks at once on a 2-core CI machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

  private SharedLocalStack() {}

  /** The endpoints of this JVM's stack, starting it if needed. */
  public static LocalStackEndpoints get() {
    return LocalStackEndpoints.of(status());
  }

  /** The full status of this JVM's stack (ports, pids, data directories), starting it if needed. */
  public static StackStatus status() {
    StackLauncher launcher = new StackLauncher();
    synchronized (JVM_WIDE_LOCK.intern()) {
      String existing = System.getProperty(DATA_DIR_PROPERTY);
      if (existing != null) {
        return launcher.running(Path.of(existing)).orElseThrow(() -> new IllegalStateException(
            "the test JVM's local stack in " + existing + " is no longer running; see " + existing
                + "/logs/stack-daemon.log"));
      }
      Path dataDir = createTempDir();
      StackConfig config = StackConfig.defaults(dataDir)
          .withFreePorts(true)
          .withParentPid(ProcessHandle.current().pid());
      // on failure the launcher has stopped the daemon; the data directory stays for its logs
      StackStatus status = launcher.start(config, START_TIMEOUT).status();
      Runtime.getRuntime().addShutdownHook(new StopOnExit(ProcessHandle.of(status.pid()).orElse(null), dataDir));
      System.setProperty(DATA_DIR_PROPERTY, dataDir.toString());
      return status;
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("defuse-test-stack-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a data directory for the test stack", e);
    }
  }

  /**
   * Stops the daemon (SIGTERM: it stops S3Proxy and PostgreSQL itself) and deletes the data directory. Uses JDK
   * classes only, without lambdas: by the time shutdown hooks run, Quarkus may have closed the class loader that
   * loaded this class.
   */
  private static final class StopOnExit extends Thread {
    private final ProcessHandle daemon;
    private final Path dataDir;

    StopOnExit(ProcessHandle daemon, Path dataDir) {
      super("local-stack-stop");
      this.daemon = daemon;
      this.dataDir = dataDir;
    }

    @Override
    public void run() {
      try {
        if (daemon != null && daemon.isAlive()) {
          daemon.destroy();
          daemon.onExit().get(StackDefaults.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        daemon.destroyForcibly();
      }
      try (Stream<Path> files = Files.walk(dataDir)) {
        Iterator<Path> it = files.sorted(Comparator.reverseOrder()).iterator();
        while (it.hasNext()) {
          Files.deleteIfExists(it.next());
        }
      } catch (IOException | UncheckedIOException e) {
        System.err.println("could not delete the test stack's data directory " + dataDir + ": " + e);
      }
    }
  }
}
