package dev.defuse.labeling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rate limiter's token bucket, driven by a fake clock (nanoseconds). */
class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  private long now = 42 * SECOND;

  @Test
  void aFullBucketAdmitsTheBurstThenSaysWhenTheNextTokenArrives() {
    TokenBucket bucket = new TokenBucket(2.0, 3, now);
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isEqualTo(SECOND / 2);

    now += SECOND / 2 - 1;
    assertThat(bucket.tryTake(now)).isEqualTo(1);
    now += 1;
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isEqualTo(SECOND / 2);
  }

  @Test
  void refusedRequestsDoNotDelayTheNextToken() {
    TokenBucket bucket = new TokenBucket(1.0, 1, now);
    assertThat(bucket.tryTake(now)).isZero();
    for (int i = 0; i < 100; i++) {
      now += SECOND / 200;
      assertThat(bucket.tryTake(now)).isPositive();
    }
    now += SECOND / 2;
    assertThat(bucket.tryTake(now)).isZero();
  }

  @Test
  void anIdleBucketRefillsAtTheRateButNeverBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(10.0, 5, now);
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.tryTake(now)).isZero();
    }
    now += 3600 * SECOND;
    int admitted = 0;
    while (bucket.tryTake(now) == 0) {
      admitted++;
    }
    assertThat(admitted).isEqualTo(5);

    now += 3 * SECOND / 10; // 0.3 s at 10/s: three tokens
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isPositive();
  }

  @Test
  void slowRatesWaitSeconds() {
    TokenBucket bucket = new TokenBucket(0.05, 1, now); // one request per 20 s
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isEqualTo(20 * SECOND);
    now += 15 * SECOND;
    assertThat(bucket.tryTake(now)).isEqualTo(5 * SECOND);
  }

  @Test
  void aClockThatGoesBackAddsNoTokens() {
    TokenBucket bucket = new TokenBucket(1.0, 1, now);
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now - 10 * SECOND)).isPositive();
    assertThat(bucket.tryTake(now)).isPositive();
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, now)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(-1, 1, now)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, now)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, 0, now)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1e-12, Integer.MAX_VALUE, now))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
