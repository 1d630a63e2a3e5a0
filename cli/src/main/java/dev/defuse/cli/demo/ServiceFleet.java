package dev.defuse.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The four stage services as separate processes ({@code java -jar <service>/target/quarkus-app/quarkus-run.jar}),
 * each on a free HTTP port with the environment that points it at the stack, its output in a log file. Stops them
 * in reverse order (SIGTERM, then a forced kill after a grace period).
 */
public final class ServiceFleet implements AutoCloseable {

  /** The stage services in pipeline order. */
  public static final List<String> SERVICES =
      List.of("identify-service", "distill-service", "labeling-service", "correction-service");

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final Duration HEALTH_POLL = Duration.ofSeconds(1);

  /** A started service. */
  public record Service(String name, int port, Process process, Path log) {
    public String url() {
      return "http://localhost:" + port;
    }
  }

  private final Path root;
  private final Path logDir;
  private final List<String> jvmOptions;
  private final PrintWriter err;
  private final Map<String, Service> started = new LinkedHashMap<>();
  /** Each service's environment, for {@link #killAndRestart}. */
  private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
  /** Consecutive DOWN answers of a service's liveness check before it is restarted (Kubernetes' failureThreshold). */
  static final int LIVENESS_FAILURES = 3;
  /** Time between two liveness checks of a service (shorter than Kubernetes' 20 s: a local run waits for it). */
  static final Duration LIVENESS_PERIOD = Duration.ofSeconds(5);
  private static final int HTTP_UNAVAILABLE = 503;
  private final Map<String, Integer> livenessFailures = new HashMap<>();
  private final Map<String, Long> lastLivenessCheck = new HashMap<>();
  /** Set by {@link #close()}: a fault injector still running must not start a service again afterwards. */
  private boolean closed;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Ctrl-C must not leave orphaned services behind: kill whatever is still started when the JVM exits. */
  private final Thread killOnExit = new Thread(() -> started.values().forEach(s -> s.process().destroyForcibly()),
      "stop-services-on-exit");

  /**
   * @param root       the repository root (services are found under it)
   * @param logDir     where each service's output goes ({@code <service>.log})
   * @param jvmOptions extra JVM options for every service (e.g. a heap limit)
   */
  public ServiceFleet(Path root, Path logDir, List<String> jvmOptions, PrintWriter err) {
    this.root = root;
    this.logDir = logDir;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.err = err;
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** The runnable jar of a service. */
  public static Path jar(Path root, String service) {
    return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /**
   * Whether a service's packaged application exists and is newer than every file of its {@code src/main} (so a
   * changed service is rebuilt rather than run stale).
   */
  public static boolean upToDate(Path root, String service) {
    Path app = root.resolve(service).resolve("target/quarkus-app/app");
    Path sources = root.resolve(service).resolve("src/main");
    if (!Files.isRegularFile(jar(root, service)) || !Files.isDirectory(app)) {
      return false;
    }
    try (var built = Files.list(app)) {
      long builtAt = built.filter(p -> p.toString().endsWith(".jar")).mapToLong(ServiceFleet::modified).max()
          .orElse(Long.MIN_VALUE);
      if (!Files.isDirectory(sources)) {
        return builtAt > Long.MIN_VALUE;
      }
      try (var walk = Files.walk(sources)) {
        return walk.filter(Files::isRegularFile).noneMatch(p -> modified(p) > builtAt);
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Starts a service with {@code environment} plus its own port; does not wait for it. */
  public synchronized Service start(String service, Map<String, String> environment) {
    return launch(service, Map.copyOf(environment), freePort(), false);
  }

  /**
   * Kills a started service without warning (SIGKILL: no shutdown hook runs, nothing is flushed or committed), as a
   * crash or an OOM kill would, and starts it again at once on the same port with the same environment (as a
   * supervisor would), its output appended to its log; does not wait for it to be ready. Atomic with respect to
   * {@link #checkAlive()}, which never sees the killed process.
   */
  public synchronized Service killAndRestart(String service) {
    if (closed) {
      throw new IllegalStateException("the services are stopped: " + service + " is not restarted");
    }
    Process process = get(service).process();
    process.destroyForcibly();
    try {
      if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(service + " (pid " + process.pid() + ") survived SIGKILL for "
            + STOP_GRACE.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    err.println("killed " + service + " (pid " + process.pid() + ", SIGKILL)");
    return launch(service, environments.get(service), get(service).port(), true);
  }

  private Service launch(String service, Map<String, String> environment, int port, boolean appendLog) {
    Path jar = jar(root, service);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it with ./mvnw -o package -pl " + service
          + " -DskipTests");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    Path log = logDir.resolve(service + ".log");
    try {
      Files.createDirectories(logDir);
      ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
          .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
              : ProcessBuilder.Redirect.to(log.toFile()));
      builder.environment().putAll(environment);
      builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      Service s = new Service(service, port, builder.start(), log);
      started.put(service, s);
      environments.put(service, environment);
      err.println((appendLog ? "restarted " : "started ") + service + " (pid " + s.process().pid() + ") on "
          + s.url() + ", log " + log);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + service + ": " + e.getMessage(), e);
    }
  }

  public synchronized Service get(String service) {
    Service s = started.get(service);
    if (s == null) {
      throw new IllegalStateException(service + " was not started");
    }
    return s;
  }

  /** Waits until every started service answers {@code /q/health/ready} with 200. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Service s : started.values()) {
      awaitReady(s, deadline, timeout);
    }
  }

  /** Waits until one service answers {@code /q/health/ready} with 200. */
  public void awaitReady(String service, Duration timeout) {
    awaitReady(get(service), System.nanoTime() + timeout.toNanos(), timeout);
  }

  private void awaitReady(Service s, long deadline, Duration timeout) {
    while (!ready(s)) {
      if (!s.process().isAlive()) {
        throw new IllegalStateException(s.name() + " exited with code " + s.process().exitValue()
            + " before it was ready; see " + s.log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(s.name() + " was not ready after " + timeout.toSeconds() + " s; see "
            + s.log());
      }
      sleep(HEALTH_POLL);
    }
    err.println(s.name() + " is ready");
  }

  /** Fails with the log's location if a started service has died. */
  public synchronized void checkAlive() {
    for (Service s : List.copyOf(started.values())) {
      if (!s.process().isAlive()) {
        throw new IllegalStateException(s.name() + " exited with code " + s.process().exitValue() + "; see "
            + s.log());
      }
      superviseLiveness(s);
    }
  }

  /**
   * What Kubernetes' liveness probe does for the deployed services (k8s/base, {@code /q/health/live}): a service
   * that reports DOWN {@link #LIVENESS_FAILURES} checks in a row is restarted. A service stops a channel and reports
   * DOWN when a record keeps failing for a reason that may pass (its object store or broker unreachable), and relies
   * on the restart to receive the record again; without a supervisor it would wait forever. Only a DOWN answer
   * counts: a service that does not answer yet is starting.
   */
  private void superviseLiveness(Service s) {
    long now = System.nanoTime();
    Long last = lastLivenessCheck.get(s.name());
    if (last != null && now - last < LIVENESS_PERIOD.toNanos()) {
      return;
    }
    lastLivenessCheck.put(s.name(), now);
    if (!reportsDown(s)) {
      livenessFailures.remove(s.name());
      return;
    }
    int failures = livenessFailures.merge(s.name(), 1, Integer::sum);
    if (failures >= LIVENESS_FAILURES) {
      err.println(s.name() + " reported DOWN on /q/health/live " + failures + " times in a row: restarting it, as "
          + "Kubernetes' liveness probe would");
      livenessFailures.remove(s.name());
      lastLivenessCheck.remove(s.name());
      killAndRestart(s.name());
    }
  }

  private boolean reportsDown(Service s) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/q/health/live"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == HTTP_UNAVAILABLE;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean ready(Service s) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/q/health/ready"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Leaves the services running (for {@code --keep-running}): {@link #close()} then does nothing. */
  public synchronized List<Service> detach() {
    List<Service> services = List.copyOf(started.values());
    started.clear();
    return services;
  }

  @Override
  public synchronized void close() {
    closed = true;
    List<Service> services = new ArrayList<>(started.values());
    java.util.Collections.reverse(services);
    services.forEach(s -> s.process().destroy());
    for (Service s : services) {
      try {
        if (!s.process().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
          err.println(s.name() + " did not stop within " + STOP_GRACE.toSeconds() + " s: killing it");
          s.process().destroyForcibly().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        s.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    started.clear();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook does the rest
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port: " + e.getMessage(), e);
    }
  }

  static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
