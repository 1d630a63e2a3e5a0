package dev.defuse.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

class RetryTest {

    private static final Duration TICK = Duration.ofMillis(1);

    @Test
    void aTransientFailureIsRetriedUntilTheStepSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = Retry.call("step", 3, TICK, e -> true, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("store down");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void afterTheLastAttemptTheFailureIsThrown() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retry.run("step", 2, TICK, e -> true, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("still down");
        })).hasMessage("still down");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aFailureThatIsNotRetryableIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retry.run("step", 5, TICK, e -> !(e instanceof IllegalArgumentException), () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theWaitDoublesAndStopsGrowingAfterTenDoublings() {
        Duration base = Duration.ofMillis(100);
        assertThat(Retry.backoff(base, 1)).isEqualTo(base);
        assertThat(Retry.backoff(base, 2)).isEqualTo(Duration.ofMillis(200));
        assertThat(Retry.backoff(base, 4)).isEqualTo(Duration.ofMillis(800));
        assertThat(Retry.backoff(base, 11)).isEqualTo(Retry.backoff(base, 40)).isEqualTo(base.multipliedBy(1024));
    }
}
