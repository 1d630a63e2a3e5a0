package dev.defuse.common.messaging;

import dev.defuse.common.util.Require;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs an idempotent step again after a failure that may pass (object store, database or broker briefly
 * unreachable), waiting longer each time: {@code backoff} before the second attempt, doubling after each further
 * one. A consumer that still fails after its attempts lets the failure stop its channel (health DOWN, nothing
 * committed past the record, so a restart receives it again): a transient failure is never dead-lettered.
 */
public final class Retry {

    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);
    /** Doublings of the backoff at most (so a large attempt count cannot overflow the wait). */
    private static final int MAX_DOUBLINGS = 10;

    private Retry() {
    }

    /**
     * Runs {@code step} up to {@code attempts} times while it fails with an exception {@code retryable} accepts;
     * other failures, the last one and an interrupt during a wait are thrown.
     */
    public static <T> T call(String what, int attempts, Duration backoff, Predicate<RuntimeException> retryable,
                             Supplier<T> step) {
        Require.positive(attempts, "attempts");
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !retryable.test(e)) {
                    throw e;
                }
                Duration wait = backoff(backoff, attempt);
                LOG.warn("{} failed (attempt {} of {}), retrying in {}: {}", what, attempt, attempts, wait,
                        e.getMessage());
                if (!sleep(wait)) {
                    throw e;
                }
            }
        }
    }

    /** As {@link #call} for a step without a result. */
    public static void run(String what, int attempts, Duration backoff, Predicate<RuntimeException> retryable,
                           Runnable step) {
        call(what, attempts, backoff, retryable, () -> {
            step.run();
            return null;
        });
    }

    /** The wait after attempt {@code attempt} (1-based) failed: {@code base · 2^(attempt-1)}. */
    public static Duration backoff(Duration base, int attempt) {
        return base.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS));
    }

    /** Sleeps {@code wait}; false if interrupted (the interrupt flag is restored). */
    public static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
