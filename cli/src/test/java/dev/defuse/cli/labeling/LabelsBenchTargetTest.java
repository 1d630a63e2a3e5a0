package dev.defuse.cli.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The target as the benchmark judges it: 2,000 votes/s with request p99 under 50 ms. */
class LabelsBenchTargetTest {

  @Test
  void anOpenLoopRunCountsTheOfferedRateWhenItWasSustained() {
    // 1,998 of 2,000 offered: the requests in flight at the window's end do not count
    Optional<PacedRate> sustained = Optional.of(new PacedRate(2000, 1998, 0.01));
    assertThat(LabelsBenchCommand.meetsTarget(sustained, 1998, 28.2)).isTrue();
    assertThat(LabelsBenchCommand.meetsTarget(sustained, 1998, 50.0)).as("p99 must be under 50 ms").isFalse();
  }

  @Test
  void anOpenLoopRunThatFellBehindOrOfferedLessDoesNotCount() {
    assertThat(LabelsBenchCommand.meetsTarget(Optional.of(new PacedRate(2000, 1796, 3.8)), 1796, 20)).isFalse();
    assertThat(LabelsBenchCommand.meetsTarget(Optional.of(new PacedRate(2000, 1999, 1.5)), 1999, 20))
        .as("1.5 s behind schedule at the end").isFalse();
    assertThat(LabelsBenchCommand.meetsTarget(Optional.of(new PacedRate(1000, 999, 0)), 999, 20)).isFalse();
  }

  @Test
  void aClosedLoopRunCountsItsAchievedRate() {
    assertThat(LabelsBenchCommand.meetsTarget(Optional.empty(), 2320, 40)).isTrue();
    assertThat(LabelsBenchCommand.meetsTarget(Optional.empty(), 1999, 40)).isFalse();
    assertThat(LabelsBenchCommand.meetsTarget(Optional.empty(), 2320, 284)).isFalse();
  }
}
