package dev.defuse.stack;

import dev.defuse.stack.daemon.StackServers;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack daemon: a JVM that runs a real Kafka broker (KRaft) in-process plus PostgreSQL and S3Proxy as child
 * processes, writes {@code status.json} when everything is ready and stops everything on SIGTERM.
 *
 * <p>Started by {@link StackLauncher} ({@code ./defuse up}, tests); arguments as in {@link StackConfig#toArgs()}.
 */
public final class StackDaemon {

  private static final Logger LOG = LoggerFactory.getLogger(StackDaemon.class);
  private static final long PARENT_POLL_MILLIS = 1000;

  private StackDaemon() {}

  public static void main(String[] args) {
    StackConfig config;
    try {
      config = StackConfig.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("stack daemon: " + e.getMessage());
      System.exit(2);
      return;
    }
    Instant startedAt = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    LOG.info("starting the local stack: {}", config);
    StackServers servers = new StackServers(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping the local stack");
      servers.stop();
      LOG.info("local stack stopped");
      stopped.countDown();
    }, "stack-daemon-shutdown"));

    try {
      StackStatus status = servers.start(startedAt);
      LOG.info("local stack ready in {} ms{}{}", status.startupMillis(), System.lineSeparator(), status.summary());
    } catch (Throwable e) {
      LOG.error("the local stack failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    if (config.parentPid() > 0) {
      exitWithParent(config.parentPid());
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Tests pass their own pid: the daemon must not outlive a test JVM that was killed. */
  private static void exitWithParent(long parentPid) {
    Thread watcher = new Thread(() -> {
      while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
        try {
          Thread.sleep(PARENT_POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
      LOG.info("parent process {} is gone: shutting down", parentPid);
      System.exit(0);
    }, "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }
}
