package dev.defuse.cli.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PacedRateTest {

  @Test
  void ninetyNinePercentOfTheOfferedRateOnScheduleIsSustained() {
    PacedRate paced = new PacedRate(2000, 1980, 0.2);
    assertThat(paced.achievedFraction()).isCloseTo(0.99, within(1e-12));
    assertThat(paced.sustained()).isTrue();
    assertThat(LabelsBenchCommand.verdict(paced)).isEqualTo("sustained");
  }

  @Test
  void lessThanNinetyNinePercentIsNotSustained() {
    PacedRate paced = new PacedRate(2000, 1900, 0.2);
    assertThat(paced.sustained()).isFalse();
    assertThat(LabelsBenchCommand.verdict(paced))
        .isEqualTo("NOT sustained: 95.0 % of the offered rate, 0.20 s behind schedule at the end");
  }

  @Test
  void aSecondBehindScheduleAtTheEndIsNotSustainedWhateverTheAverage() {
    assertThat(new PacedRate(2000, 2000, 1.0).sustained()).isFalse();
    assertThat(new PacedRate(2000, 2000, 0.999).sustained()).isTrue();
  }
}
