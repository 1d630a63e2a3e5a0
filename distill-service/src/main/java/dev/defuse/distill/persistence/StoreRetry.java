package dev.defuse.distill.persistence;

import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStoreException;
import dev.defuse.common.store.TensorFormatException;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Retries an object-store operation while the store is unavailable, with a growing pause, up to a deadline. */
public final class StoreRetry {

  private static final Logger LOG = Logger.getLogger(StoreRetry.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

  private StoreRetry() {}

  /**
   * Runs {@code operation}, retrying failures of the store itself (not missing objects or bad checksums, which a
   * retry does not fix) until {@code timeout} has passed; then the last failure is thrown.
   */
  public static <T> T call(String what, Duration timeout, Supplier<T> operation) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration pause = FIRST_PAUSE;
    while (true) {
      try {
        return operation.get();
      } catch (ObjectStoreException e) {
        boolean permanent = e instanceof ObjectNotFoundException || e instanceof ChecksumMismatchException
            || e instanceof TensorFormatException;
        if (permanent || System.nanoTime() + pause.toNanos() > deadline) {
          throw e;
        }
        LOG.warnf("%s failed (%s); retrying in %s", what, e.getMessage(), pause);
        sleep(pause);
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
      }
    }
  }

  /** As {@link #call} for an operation without a result. */
  public static void run(String what, Duration timeout, Runnable operation) {
    call(what, timeout, () -> {
      operation.run();
      return null;
    });
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ObjectStoreException("interrupted while waiting to retry", e);
    }
  }
}
