package dev.defuse.correction.messaging;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs an idempotent step again after a transient failure (object store or broker briefly unreachable), waiting a
 * little longer each time, before the failure reaches the channel's failure strategy.
 */
final class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);

    private Retries() {
    }

    static void run(String what, int attempts, Duration delay, Runnable step) {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                LOG.warnf("%s failed (attempt %d of %d), retrying in %s: %s", what, attempt, attempts,
                        delay.multipliedBy(attempt), e.getMessage());
                try {
                    Thread.sleep(delay.multipliedBy(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
