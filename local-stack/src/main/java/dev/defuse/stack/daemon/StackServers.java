package dev.defuse.stack.daemon;

import dev.defuse.stack.DaemonClasspath;
import dev.defuse.stack.StackComponent;
import dev.defuse.stack.StackConfig;
import dev.defuse.stack.StackException;
import dev.defuse.stack.StackLayout;
import dev.defuse.stack.StackStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the three servers of the local stack: the Kafka broker in this JVM, PostgreSQL and S3Proxy as
 * child processes. They start concurrently (a cold start is dominated by the slowest, not the sum). Once up, each
 * can be stopped and started again on its own, on the same port and data ({@link #stop(StackComponent)},
 * {@link #start(StackComponent)}): the fault-injection suite restarts the broker or the database under a running job.
 */
public final class StackServers {

  private static final Logger LOG = LoggerFactory.getLogger(StackServers.class);
  private static final Duration S3_READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);

  private final StackConfig config;
  private final StackLayout layout;
  private DataDirLock lock;
  private KafkaBroker kafka;
  private PostgresServer postgres;
  private S3ProxyServer s3;
  private ControlServer control;
  private boolean stopped;
  private Instant startedAt;
  private StackPorts ports;
  private Map<String, Integer> topics;
  private long startupMillis;
  /** Components stopped on their own through {@link #stop(StackComponent)} and not started again yet. */
  private final Map<StackComponent, Boolean> running = new EnumMap<>(StackComponent.class);

  public StackServers(StackConfig config) {
    this.config = config;
    this.layout = new StackLayout(config.dataDir());
  }

  /** Starts everything and writes the status file; on failure whatever did start is stopped again. */
  public synchronized StackStatus start(Instant startedAt) throws IOException {
    Files.createDirectories(layout.logDir());
    lock = DataDirLock.acquire(layout.lockFile());
    Files.deleteIfExists(layout.statusFile());
    StackPorts ports = StackPorts.resolve(config, layout.portsFile());
    ports.save(layout.portsFile());
    DaemonClasspath classpath = DaemonClasspath.load();

    s3 = new S3ProxyServer(classpath.s3proxyJar(), layout.s3Dir(), layout.s3proxyConfig(), layout.s3proxyPidFile(),
        layout.s3proxyLog(), config.host(), ports.s3());
    postgres = new PostgresServer(layout.postgresDir(), layout.postgresLog(), config.host(), ports.postgres());
    kafka = new KafkaBroker(layout.kafkaDir(), config.host(), ports.kafka(), ports.controller());

    s3.start(config.s3AccessKey(), config.s3SecretKey(), config.s3Bucket());
    CompletableFuture<Void> database = CompletableFuture.runAsync(() -> {
      postgres.start();
      postgres.ensureDatabase(config.dbName(), config.dbUser(), config.dbPassword());
    });
    Map<String, Integer> topics;
    try {
      kafka.start();
      topics = kafka.ensureTopics(config.topics(), TOPICS_TIMEOUT);
      database.join();
      s3.awaitReady(S3_READY_TIMEOUT);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new StackException(e.getCause().getMessage(), e);
    } finally {
      if (!database.isDone()) {
        database.cancel(true);
      }
    }

    this.startedAt = startedAt;
    this.ports = ports;
    this.topics = topics;
    for (StackComponent c : StackComponent.values()) {
      running.put(c, true);
    }
    // the control file before the status file: once status.json exists, the control API answers
    control = ControlServer.start(this, config.host(), layout.controlFile());
    startupMillis = Duration.between(startedAt, Instant.now()).toMillis();
    StackStatus status = status();
    status.writeTo(layout.statusFile());
    return status;
  }

  /** The status as {@code status.json} holds it; pids are re-read, so a restarted server shows its new process. */
  private StackStatus status() {
    return new StackStatus(
        ProcessHandle.current().pid(),
        startedAt,
        startupMillis,
        layout.dataDir(),
        layout.daemonLog(),
        new StackStatus.Kafka(kafka.bootstrapServers(), ports.kafka(), ports.controller(), kafka.logDir(), topics),
        new StackStatus.S3(s3.endpoint(), ports.s3(), s3.pid(), config.s3AccessKey(), config.s3SecretKey(),
            config.s3Region(), config.s3Bucket(), layout.s3Dir()),
        new StackStatus.Postgres(postgres.jdbcUrl(config.dbName()), config.host(), ports.postgres(), postgres.pid(),
            config.dbName(), config.dbUser(), config.dbPassword(), layout.postgresDir()));
  }

  /** Which components run (after {@link #start(Instant)}); a component stopped on its own shows {@code false}. */
  public synchronized Map<StackComponent, Boolean> running() {
    return Map.copyOf(running);
  }

  /**
   * Stops one component cleanly (broker: controlled shutdown; S3Proxy: SIGTERM; PostgreSQL: fast shutdown, which
   * ends every client connection), keeping its data and port for {@link #start(StackComponent)}. Idempotent.
   */
  public synchronized void stop(StackComponent component) {
    requireStarted();
    if (!running.get(component)) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      switch (component) {
        case KAFKA -> kafka.close();
        case S3 -> s3.close();
        case POSTGRES -> postgres.close();
      }
    } catch (IOException e) {
      throw new StackException("stopping " + component.id() + " failed: " + e.getMessage(), e);
    }
    running.put(component, false);
    LOG.info("stopped {} on request in {} ms", component.id(), (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Starts a component stopped by {@link #stop(StackComponent)} again on the same port and data directory, waits
   * until it answers (the broker: until its topics are described again) and rewrites {@code status.json} with its new
   * process id. Idempotent.
   */
  public synchronized StackStatus start(StackComponent component) {
    requireStarted();
    if (!running.get(component)) {
      long t0 = System.nanoTime();
      switch (component) {
        case KAFKA -> {
          kafka.start();
          topics = kafka.ensureTopics(config.topics(), TOPICS_TIMEOUT);
        }
        case S3 -> {
          s3.start(config.s3AccessKey(), config.s3SecretKey(), config.s3Bucket());
          s3.awaitReady(S3_READY_TIMEOUT);
        }
        case POSTGRES -> postgres.start();
      }
      running.put(component, true);
      LOG.info("started {} on request in {} ms", component.id(), (System.nanoTime() - t0) / 1_000_000);
    }
    StackStatus status = status();
    status.writeTo(layout.statusFile());
    return status;
  }

  private void requireStarted() {
    if (stopped || ports == null) {
      throw new StackException("the local stack is " + (stopped ? "shutting down" : "not started yet"));
    }
  }

  /** Stops every server that was started, in any state; safe to call twice. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      Files.deleteIfExists(layout.statusFile());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", layout.statusFile(), e.toString());
    }
    closeQuietly("control API", control);
    closeQuietly("S3Proxy", s3);
    closeQuietly("PostgreSQL", postgres);
    closeQuietly("Kafka", kafka);
    closeQuietly("data directory lock", lock);
  }

  private static void closeQuietly(String what, AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      closeable.close();
      LOG.info("stopped {} in {} ms", what, (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception e) {
      LOG.warn("stopping {} failed: {}", what, e.toString());
    }
  }
}
