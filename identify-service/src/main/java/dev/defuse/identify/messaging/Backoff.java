package dev.defuse.identify.messaging;

import java.time.Duration;

/** Exponential wait between attempts: {@code base} before the second attempt, doubling after each further one. */
final class Backoff {

    private Backoff() {
    }

    /** The wait after {@code attempt} (1-based) failed. */
    static Duration after(Duration base, int attempt) {
        return base.multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    /** Sleeps {@code wait}; false if interrupted (the interrupt flag is restored). */
    static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
