package dev.defuse.stack.daemon;

import dev.defuse.stack.Probe;
import dev.defuse.stack.Processes;
import dev.defuse.stack.StackDefaults;
import dev.defuse.stack.StackException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3Proxy (a real S3-compatible HTTP server) as a child process with the {@code filesystem-nio2} store: each bucket
 * is a directory under the base directory, so the data survives restarts. Runs in its own JVM because its Guice
 * clashes with Quarkus' class loading. Requests must be signed (AWS signature v2 or v4) with the configured keys.
 */
final class S3ProxyServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(S3ProxyServer.class);
  static final String MARKER = "s3proxy";
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final Path jar;
  private final Path baseDir;
  private final Path configFile;
  private final Path pidFile;
  private final Path logFile;
  private final String host;
  private final int port;
  private Process process;

  S3ProxyServer(Path jar, Path baseDir, Path configFile, Path pidFile, Path logFile, String host, int port) {
    this.jar = jar;
    this.baseDir = baseDir;
    this.configFile = configFile;
    this.pidFile = pidFile;
    this.logFile = logFile;
    this.host = host;
    this.port = port;
  }

  String endpoint() {
    return "http://" + host + ":" + port;
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Launches S3Proxy; {@link #awaitReady} waits until it answers HTTP. */
  void start(String accessKey, String secretKey, String bucket) {
    stopOrphan();
    try {
      Files.createDirectories(baseDir);
      // the filesystem-nio2 store exposes every directory under its base directory as a bucket
      Path bucketDir = Files.createDirectories(baseDir.resolve(bucket));
      // the filesystem store derives ACLs from POSIX permissions ("others may read" = public-read): keep the
      // bucket private so every request must be signed
      Files.setPosixFilePermissions(bucketDir, PosixFilePermissions.fromString("rwx------"));
      Properties conf = new Properties();
      conf.setProperty("s3proxy.endpoint", endpoint());
      conf.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      conf.setProperty("s3proxy.identity", accessKey);
      conf.setProperty("s3proxy.credential", secretKey);
      conf.setProperty("jclouds.provider", "filesystem-nio2");
      conf.setProperty("jclouds.filesystem.basedir", baseDir.toString());
      // the backing store is local: these are required by jclouds but not used for authentication
      conf.setProperty("jclouds.identity", "local");
      conf.setProperty("jclouds.credential", "local");
      try (OutputStream out = Files.newOutputStream(configFile)) {
        conf.store(out, "S3Proxy of the Defuse local stack (written on every start)");
      }
      // umask 077: objects written by S3Proxy are private too (see above); exec keeps the pid
      List<String> command = List.of("/bin/sh", "-c", "umask 077 && exec \"$@\"", "s3proxy",
          Processes.javaExecutable(), StackDefaults.S3PROXY_HEAP, "-XX:+UseSerialGC",
          "-DLOG_LEVEL=info", "-Djava.io.tmpdir=" + baseDir.getParent().resolve("tmp"),
          "-jar", jar.toString(), "--properties", configFile.toString());
      Files.createDirectories(baseDir.getParent().resolve("tmp"));
      process = new ProcessBuilder(command)
          .redirectInput(Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(Redirect.appendTo(logFile.toFile()))
          .redirectErrorStream(true)
          .start();
      Files.writeString(pidFile, Long.toString(process.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Proxy (log " + logFile + ")", e);
    }
  }

  void awaitReady(Duration timeout) {
    Probe probe = new Probe(Duration.ofSeconds(1));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new StackException("S3Proxy exited with code " + process.exitValue() + " during startup; see "
            + logFile);
      }
      if (probe.http(endpoint() + "/").ok()) {
        return;
      }
      sleep(100);
    }
    throw new StackException("S3Proxy did not answer on " + endpoint() + " within " + timeout.toSeconds()
        + " s; see " + logFile);
  }

  private void stopOrphan() {
    try {
      if (Files.isRegularFile(pidFile)) {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Processes.find(pid, MARKER).ifPresent(orphan -> {
          LOG.warn("stopping S3Proxy (pid {}) left running by a previous stack daemon", pid);
          Processes.stop(orphan, null, STOP_WAIT);
        });
      }
    } catch (IOException | NumberFormatException e) {
      // unreadable pid file: nothing we can stop
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while waiting for S3Proxy");
    }
  }

  @Override
  public void close() throws IOException {
    if (process != null) {
      Processes.stop(process.toHandle(), null, STOP_WAIT);
      process = null;
      Files.deleteIfExists(pidFile);
    }
  }
}
