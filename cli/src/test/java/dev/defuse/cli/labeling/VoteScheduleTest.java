package dev.defuse.cli.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class VoteScheduleTest {

  private static final long MS = 1_000_000;

  @Test
  void oneClientAtAThousandVotesPerSecondSendsEveryMillisecond() {
    VoteSchedule schedule = VoteSchedule.forClient(1000, 1, 0, 1, 5 * MS);
    assertThat(LongStream.range(0, 5).map(schedule::dueNanos).toArray())
        .containsExactly(5 * MS, 6 * MS, 7 * MS, 8 * MS, 9 * MS);
  }

  @Test
  void clientsShareTheRateAndTogetherSendEvenlySpacedRequests() {
    // 4 clients, 1,000 votes/s in all: each sends every 4 ms, client c c ms after client 0
    List<Long> all = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      VoteSchedule schedule = VoteSchedule.forClient(1000, 4, c, 1, 0);
      assertThat(schedule.dueNanos(0)).isEqualTo(c * MS);
      assertThat(schedule.dueNanos(1) - schedule.dueNanos(0)).isEqualTo(4 * MS);
      for (long n = 0; n < 25; n++) {
        all.add(schedule.dueNanos(n));
      }
    }
    assertThat(all).hasSize(100).containsExactlyInAnyOrderElementsOf(
        LongStream.range(0, 100).map(k -> k * MS).boxed().toList());
  }

  @Test
  void aBatchOfBVotesIsFollowedBTimesTheVoteIntervalLater() {
    // 2,000 votes/s over 16 clients in batches of 20: 125 votes/s each, a batch every 160 ms, clients 10 ms apart
    VoteSchedule first = VoteSchedule.forClient(2000, 16, 0, 20, 0);
    VoteSchedule last = VoteSchedule.forClient(2000, 16, 15, 20, 0);
    assertThat(LongStream.of(0, 20, 40, 60).map(first::dueNanos).toArray())
        .containsExactly(0, 160 * MS, 320 * MS, 480 * MS);
    assertThat(last.dueNanos(0)).isEqualTo(150 * MS);
    assertThat(last.dueNanos(20)).isEqualTo(310 * MS);
    // a short batch (a lease with fewer tasks) moves the next one on by its own votes only
    assertThat(first.dueNanos(20 + 5) - first.dueNanos(20)).isEqualTo(40 * MS);
  }

  @Test
  void dueTimesDoNotDriftWhenTheIntervalIsNotWholeNanoseconds() {
    VoteSchedule schedule = VoteSchedule.forClient(3, 1, 0, 1, 0);
    assertThat(schedule.dueNanos(1)).isEqualTo(333_333_333);
    assertThat(schedule.dueNanos(3)).isEqualTo(1_000_000_000);
    assertThat(schedule.dueNanos(3_000)).isEqualTo(1_000_000_000_000L);
  }

  @Test
  void refusesRatesThatAreNotPositiveAndFinite() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> VoteSchedule.forClient(bad, 1, 0, 1, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive and finite");
    }
  }

  @Test
  void waitingForADueTimeNeverReturnsEarlyAndReturnsAtOnceWhenItIsPast() throws InterruptedException {
    long due = System.nanoTime() + 30 * MS;
    VoteSchedule.awaitNanoTime(due);
    assertThat(System.nanoTime()).isGreaterThanOrEqualTo(due);

    long before = System.nanoTime();
    VoteSchedule.awaitNanoTime(before - 1_000 * MS);
    assertThat(System.nanoTime() - before).isLessThan(1_000 * MS);
  }
}
