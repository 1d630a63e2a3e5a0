package dev.defuse.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Process helpers for the launcher and the daemon: liveness by pid, guarded against pid reuse, and stopping. */
public final class Processes {

  private Processes() {}

  /** The live process with this pid whose command line contains {@code marker} (pids get reused). */
  public static Optional<ProcessHandle> find(long pid, String marker) {
    if (pid <= 0) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(true));
  }

  /**
   * Asks the process to stop (SIGTERM, or {@code signal} via {@code kill} when given), waits up to
   * {@code timeout}, then kills it. Returns true if it stopped within the timeout.
   */
  public static boolean stop(ProcessHandle process, String signal, Duration timeout) {
    if (!process.isAlive()) {
      return true;
    }
    if (signal == null || !sendSignal(process.pid(), signal)) {
      process.destroy();
    }
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      process.destroyForcibly();
      waitQuietly(process, Duration.ofSeconds(10));
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }

  private static boolean sendSignal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
      kill.getInputStream().readAllBytes();
      return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void waitQuietly(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // nothing more to do
    }
  }

  /** The {@code java} executable of the running JVM. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
