package dev.defuse.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Starts the stack daemon as a detached child JVM, waits until it is ready, reports on it and stops it.
 *
 * <p>Needs nothing but the JDK: the daemon's classpath comes from {@link DaemonClasspath}, so the CLI and the tests
 * never load Kafka, PostgreSQL or S3Proxy classes themselves.
 */
public final class StackLauncher {

  /** What {@link #start} did. */
  public record StartResult(StackStatus status, boolean alreadyRunning, long wallMillis) {}

  private static final long POLL_MILLIS = 200;
  private static final int LOG_TAIL_LINES = 40;
  private static final String DAEMON_MAIN = StackDaemon.class.getName();
  /**
   * First JVM option of the daemon: identifies it (with its data directory) in the process table, where the long
   * classpath pushes the main class name beyond what /proc shows.
   */
  static final String DAEMON_MARKER = "-Ddefuse.stack.daemon=";

  private final Probe probe = new Probe(Duration.ofSeconds(2));

  /**
   * Starts the stack for {@code config} unless a daemon already runs on its data directory (then returns that one).
   * Waits up to {@code timeout} for every server; on failure the daemon is stopped and the error carries the tail
   * of its log.
   */
  public StartResult start(StackConfig config, Duration timeout) {
    long t0 = System.nanoTime();
    StackLayout layout = new StackLayout(config.dataDir());
    Optional<StackStatus> running = running(layout.dataDir());
    if (running.isPresent()) {
      return new StartResult(running.get(), true, 0);
    }
    Optional<ProcessHandle> starting = lockHolder(layout);
    if (starting.isPresent()) {
      // another "up" launched a daemon that is still starting: wait for it instead of racing it
      return new StartResult(awaitReady(layout, starting.get(), timeout), true,
          (System.nanoTime() - t0) / 1_000_000);
    }
    cleanUpAfterDeadDaemon(layout);
    DaemonClasspath classpath = DaemonClasspath.load();
    long logOffset;
    Process process;
    try {
      Files.createDirectories(layout.logDir());
      Path log = layout.daemonLog();
      logOffset = Files.exists(log) ? Files.size(log) : 0;
      List<String> command = daemonCommand(config, classpath);
      process = new ProcessBuilder(command)
          .directory(layout.dataDir().toFile())
          .redirectInput(Redirect.from(new File("/dev/null")))
          .redirectOutput(Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new StackException("cannot launch the stack daemon: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<StackStatus> status = readStatus(layout);
      if (status.isPresent() && isDaemonAlive(status.get()) && allReachable(status.get())) {
        return new StartResult(status.get(), false, (System.nanoTime() - t0) / 1_000_000);
      }
      if (!process.isAlive()) {
        throw new StackException("the stack daemon exited (code " + process.exitValue() + ") before it was ready. "
            + "Last lines of " + layout.daemonLog() + ":\n" + tail(layout.daemonLog(), logOffset));
      }
      if (System.nanoTime() > deadline) {
        process.descendants().forEach(ProcessHandle::destroy);
        Processes.stop(process.toHandle(), null, StackDefaults.STOP_TIMEOUT);
        throw new StackException("the local stack was not ready within " + timeout.toSeconds() + " s (stopped it). "
            + "Last lines of " + layout.daemonLog() + ":\n" + tail(layout.daemonLog(), logOffset));
      }
      sleep();
    }
  }

  private StackStatus awaitReady(StackLayout layout, ProcessHandle daemon, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (daemon.isAlive() && System.nanoTime() < deadline) {
      Optional<StackStatus> status = readStatus(layout);
      if (status.isPresent() && status.get().pid() == daemon.pid() && allReachable(status.get())) {
        return status.get();
      }
      sleep();
    }
    throw new StackException("the stack daemon (pid " + daemon.pid() + ") started by someone else on "
        + layout.dataDir() + " did not become ready" + (daemon.isAlive() ? " within " + timeout.toSeconds() + " s"
        : "") + "; see " + layout.daemonLog());
  }

  private static List<String> daemonCommand(StackConfig config, DaemonClasspath classpath) {
    List<String> command = new ArrayList<>();
    // a new session: Ctrl-C in the terminal that ran "./defuse up" must not reach the daemon
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      command.addAll(List.of(setsid.toString(), "-w"));
    }
    command.add(Processes.javaExecutable());
    command.add(DAEMON_MARKER + config.dataDir());
    command.add(StackDefaults.DAEMON_HEAP);
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.awt.headless=true");
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    // the broker is chatty at INFO; its warnings and errors still reach the log
    command.add("-Dorg.slf4j.simpleLogger.log.kafka=warn");
    command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");
    command.add("-Dorg.slf4j.simpleLogger.log.state.change.logger=warn");
    command.add("-Dorg.slf4j.simpleLogger.log.io.zonky=warn");
    String extra = System.getenv(StackDefaults.JAVA_OPTS_ENV);
    if (extra != null && !extra.isBlank()) {
      command.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    command.add("-cp");
    command.add(classpath.asArgument());
    command.add(DAEMON_MAIN);
    command.addAll(config.toArgs());
    return command;
  }

  /** The status of the daemon running on {@code dataDir}, if one runs. */
  public Optional<StackStatus> running(Path dataDir) {
    return readStatus(new StackLayout(dataDir)).filter(this::isDaemonAlive);
  }

  /**
   * Stops the daemon on {@code dataDir} (SIGTERM, then waits up to {@code timeout}, then kills) and any server
   * process it left behind. Returns false when nothing was running.
   */
  public boolean stop(Path dataDir, Duration timeout) {
    StackLayout layout = new StackLayout(dataDir);
    Optional<StackStatus> status = readStatus(layout);
    Optional<ProcessHandle> daemon = status.flatMap(s -> Processes.find(s.pid(), daemonMarker(s.dataDir())))
        .or(() -> lockHolder(layout));
    boolean wasRunning = daemon.isPresent();
    daemon.ifPresent(d -> Processes.stop(d, null, timeout));
    cleanUpAfterDeadDaemon(layout);
    return wasRunning;
  }

  /** Per-server health of the stack on {@code dataDir}, checked with real protocol requests. */
  public StackHealth health(Path dataDir) {
    StackLayout layout = new StackLayout(dataDir);
    Optional<StackStatus> status = readStatus(layout);
    if (status.isEmpty()) {
      boolean starting = lockHolder(layout).isPresent();
      return new StackHealth(layout.dataDir(), Optional.empty(), starting, List.of());
    }
    StackStatus s = status.get();
    boolean daemonAlive = isDaemonAlive(s);
    StackStatus.Kafka k = s.kafka();
    String host = s.postgres().host();
    List<StackHealth.Component> components = List.of(
        component("kafka", k.bootstrapServers(), s.pid(), daemonAlive, probe.kafka(host, k.port())),
        component("kafka-controller", host + ":" + k.controllerPort(), s.pid(), daemonAlive,
            probe.tcp(host, k.controllerPort())),
        component("s3", s.s3().endpoint(), s.s3().pid(), Processes.find(s.s3().pid(), "s3proxy").isPresent(),
            probe.http(s.s3().endpoint() + "/")),
        component("postgres", s.postgres().jdbcUrl(), s.postgres().pid(),
            Processes.find(s.postgres().pid(), "postgres").isPresent(), probe.postgres(host, s.postgres().port())));
    return new StackHealth(layout.dataDir(), status, daemonAlive, components);
  }

  private static StackHealth.Component component(String name, String endpoint, long pid, boolean alive,
                                                 Probe.Result check) {
    return new StackHealth.Component(name, endpoint, pid, alive, check.ok(), check.detail());
  }

  private boolean allReachable(StackStatus s) {
    String host = s.postgres().host();
    return probe.kafka(host, s.kafka().port()).ok()
        && probe.http(s.s3().endpoint() + "/").ok()
        && probe.postgres(host, s.postgres().port()).ok();
  }

  /** The daemon of this data directory in a process command line (arguments are joined by spaces). */
  private static String daemonMarker(Path dataDir) {
    return DAEMON_MARKER + dataDir + " ";
  }

  private boolean isDaemonAlive(StackStatus status) {
    return Processes.find(status.pid(), daemonMarker(status.dataDir())).isPresent();
  }

  private static Optional<StackStatus> readStatus(StackLayout layout) {
    try {
      return StackStatus.readFrom(layout.statusFile());
    } catch (StackException e) {
      // a status file being replaced or left corrupt by a crash: treat as no status
      return Optional.empty();
    }
  }

  /** The daemon that holds the data directory lock (it may still be starting and have no status yet). */
  private static Optional<ProcessHandle> lockHolder(StackLayout layout) {
    try {
      if (Files.isRegularFile(layout.lockFile())) {
        String pid = Files.readString(layout.lockFile()).trim();
        if (!pid.isEmpty()) {
          return Processes.find(Long.parseLong(pid), daemonMarker(layout.dataDir()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no usable lock file
    }
    return Optional.empty();
  }

  /** A daemon that was killed leaves its servers and status behind: stop them so the next start is clean. */
  private static void cleanUpAfterDeadDaemon(StackLayout layout) {
    Optional<StackStatus> status = readStatus(layout);
    if (status.isEmpty() || Processes.find(status.get().pid(), daemonMarker(layout.dataDir())).isPresent()) {
      return;
    }
    Processes.find(status.get().s3().pid(), "s3proxy")
        .ifPresent(p -> Processes.stop(p, null, Duration.ofSeconds(15)));
    // SIGINT is PostgreSQL's "fast" shutdown (SIGTERM would wait for every client to disconnect)
    Processes.find(status.get().postgres().pid(), "postgres")
        .ifPresent(p -> Processes.stop(p, "INT", Duration.ofSeconds(30)));
    try {
      Files.deleteIfExists(layout.statusFile());
      Files.deleteIfExists(layout.controlFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove stale " + layout.statusFile(), e);
    }
  }

  /** The last lines written to {@code log} after {@code offset}. */
  static String tail(Path log, long offset) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      long start = Math.max(offset, length - 64 * 1024);
      byte[] bytes = new byte[(int) (length - start)];
      file.seek(start);
      file.readFully(bytes);
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while waiting for the local stack");
    }
  }
}
