package dev.defuse.cli.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  private static final long MS = 1_000_000;

  @Test
  void aThousandValuesOfOneToAThousandMillisecondsHaveTheirRanksAsPercentiles() {
    List<Long> values = new ArrayList<>(LongStream.rangeClosed(1, 1000).map(v -> v * MS).boxed().toList());
    Collections.shuffle(values, new Random(3));
    LatencySummary summary = LatencySummary.ofNanos(values.stream().mapToLong(Long::longValue).toArray());
    assertThat(summary).isEqualTo(new LatencySummary(1000, 500, 900, 990, 999, 1000));
  }

  @Test
  void nearestRankPicksTheSmallestValueCoveringTheShare() {
    long[] hundred = LongStream.rangeClosed(1, 100).toArray();
    // rank ceil(n x share): 99 of 100 for p99, 100 of 100 for p99.9
    assertThat(LatencySummary.percentile(hundred, 990)).isEqualTo(99);
    assertThat(LatencySummary.percentile(hundred, 999)).isEqualTo(100);
    assertThat(LatencySummary.percentile(hundred, 500)).isEqualTo(50);
    assertThat(LatencySummary.percentile(new long[] {7, 8, 9}, 500)).isEqualTo(8);
    assertThat(LatencySummary.percentile(new long[] {7, 8, 9, 10}, 500)).isEqualTo(8);
  }

  @Test
  void oneSlowRequestInAThousandIsTheMaxAndNotTheP99() {
    long[] nanos = new long[1000];
    Arrays.fill(nanos, 2 * MS);
    nanos[417] = 900 * MS;
    LatencySummary summary = LatencySummary.ofNanos(nanos);
    assertThat(summary.p99()).isEqualTo(2.0);
    assertThat(summary.p999()).isEqualTo(2.0);
    assertThat(summary.max()).isEqualTo(900.0);
  }

  @Test
  void anEmptySampleHasNoPercentiles() {
    LatencySummary summary = LatencySummary.ofNanos(new long[0]);
    assertThat(summary.count()).isZero();
    assertThat(summary.p50()).isNaN();
    assertThat(summary.max()).isNaN();
  }
}
