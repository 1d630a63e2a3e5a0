package dev.defuse.stack;

import java.nio.file.Path;

/** Where the stack keeps its files under its data directory. Everything here survives a restart. */
public record StackLayout(Path dataDir) {

  public StackLayout {
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** Written by the daemon once every server is ready; removed on a clean shutdown. */
  public Path statusFile() {
    return dataDir.resolve("status.json");
  }

  /** Held (file lock) by the running daemon: one daemon per data directory. */
  public Path lockFile() {
    return dataDir.resolve("daemon.lock");
  }

  /** The ports used last time, reused when not given explicitly (clients keep working across restarts). */
  public Path portsFile() {
    return dataDir.resolve("ports.properties");
  }

  public Path logDir() {
    return dataDir.resolve("logs");
  }

  public Path daemonLog() {
    return logDir().resolve("stack-daemon.log");
  }

  public Path s3proxyLog() {
    return logDir().resolve("s3proxy.log");
  }

  public Path postgresLog() {
    return logDir().resolve("postgres.log");
  }

  public Path kafkaDir() {
    return dataDir.resolve("kafka");
  }

  public Path postgresDir() {
    return dataDir.resolve("postgres");
  }

  /** S3Proxy's filesystem-nio2 base directory: one sub-directory per bucket. */
  public Path s3Dir() {
    return dataDir.resolve("s3");
  }

  public Path s3proxyConfig() {
    return dataDir.resolve("s3proxy.conf");
  }

  public Path s3proxyPidFile() {
    return dataDir.resolve("s3proxy.pid");
  }

  /**
   * Port and token of the daemon's control API ({@link StackControl}), readable by the owner only; written when the
   * daemon is ready, removed on shutdown.
   */
  public Path controlFile() {
    return dataDir.resolve("control.properties");
  }
}
