package dev.defuse.cli.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VoteRequestLogTest {

  private static final long MS = 1_000_000;

  @Test
  void aLateRequestIsMeasuredFromItsSlot() {
    VoteRequestLog log = new VoteRequestLog();
    log.add(0, 0, 5 * MS, 1);              // on time: 5 ms either way
    log.add(10 * MS, 40 * MS, 45 * MS, 1); // sent 30 ms late (the service stalled): 35 ms from its slot, 5 served
    assertThat(log.fromScheduleNanos()).containsExactly(5 * MS, 35 * MS);
    assertThat(log.serviceNanos()).containsExactly(5 * MS, 5 * MS);
    assertThat(log.lastLagNanos()).isEqualTo(30 * MS);
  }

  @Test
  void theLagAtTheEndIsTheLastRequestsNotTheWorst() {
    VoteRequestLog log = new VoteRequestLog();
    log.add(0, 300 * MS, 301 * MS, 1);
    log.add(500 * MS, 500 * MS, 501 * MS, 1);
    assertThat(log.lastLagNanos()).isZero();
  }

  @Test
  void countsTheVotesAcceptedInRequestsAnsweredByAGivenTime() {
    VoteRequestLog log = new VoteRequestLog();
    log.add(0, 0, 10 * MS, 20);
    log.add(160 * MS, 160 * MS, 170 * MS, 18); // two of the batch refused
    log.add(320 * MS, 320 * MS, 330 * MS, 20);
    assertThat(log.acceptedBy(9 * MS)).isZero();
    assertThat(log.acceptedBy(10 * MS)).isEqualTo(20);
    assertThat(log.acceptedBy(329 * MS)).isEqualTo(38);
    assertThat(log.acceptedBy(Long.MAX_VALUE)).isEqualTo(58);
  }

  @Test
  void noRequestsNoLagNoVotes() {
    VoteRequestLog log = new VoteRequestLog();
    assertThat(log.fromScheduleNanos()).isEmpty();
    assertThat(log.lastLagNanos()).isZero();
    assertThat(log.acceptedBy(Long.MAX_VALUE)).isZero();
  }
}
