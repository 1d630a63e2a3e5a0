package dev.defuse.distill.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defuse.common.events.IdentifyCompleted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stage's state machine: RECEIVING → FITTING → SAMPLING → PUBLISHING → PUBLISHED, or FAILED. */
class JobStateTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(1);

  @Test
  void statusesOnlyMoveForward() {
    assertThat(JobStatus.RECEIVING.canMoveTo(JobStatus.FITTING)).isTrue();
    assertThat(JobStatus.FITTING.canMoveTo(JobStatus.SAMPLING)).isTrue();
    assertThat(JobStatus.SAMPLING.canMoveTo(JobStatus.PUBLISHING)).isTrue();
    assertThat(JobStatus.PUBLISHING.canMoveTo(JobStatus.PUBLISHED)).isTrue();
    assertThat(JobStatus.SAMPLING.canMoveTo(JobStatus.FITTING)).isFalse();
    assertThat(JobStatus.RECEIVING.canMoveTo(JobStatus.PUBLISHING)).isFalse();
    assertThat(JobStatus.PUBLISHED.canMoveTo(JobStatus.FAILED)).isFalse();
    for (JobStatus s : JobStatus.values()) {
      assertThat(s.canMoveTo(s)).isTrue();
      if (s != JobStatus.FAILED) {
        assertThat(s.canMoveTo(JobStatus.FAILED)).as("%s → FAILED", s).isEqualTo(!s.isFinal());
      }
    }
  }

  @Test
  void aJobNeedsIdentifysCompletionBeforeItFits() {
    JobState receiving = JobState.receiving("job-1", 1, T0);
    assertThatThrownBy(() -> receiving.moveTo(JobStatus.FITTING, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("completion");
    JobState completed = receiving.withCompletion(completion(), T1);
    assertThat(completed.moveTo(JobStatus.FITTING, T1).status()).isEqualTo(JobStatus.FITTING);
  }

  @Test
  void aRedeliveredCompletionChangesNothing() {
    JobState once = JobState.receiving("job-1", 0, T0).withCompletion(completion(), T1);
    assertThat(once.withCompletion(completion(), T1.plusSeconds(5))).isSameAs(once);
  }

  @Test
  void skippingAStepIsRefused() {
    JobState fitting = JobState.receiving("job-1", 0, T0).withCompletion(completion(), T1)
        .moveTo(JobStatus.FITTING, T1);
    assertThatThrownBy(() -> fitting.moveTo(JobStatus.PUBLISHED, T1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot move from FITTING to PUBLISHED");
    JobState sampling = fitting.fitted(FitSummary.nothingToFit(0), T1);
    assertThat(sampling.status()).isEqualTo(JobStatus.SAMPLING);
    assertThat(sampling.fit().regionCount()).isZero();
  }

  @Test
  void aFailedJobKeepsItsReasonAndAFinalJobDoesNotFailAgain() {
    JobState failed = JobState.receiving("job-1", 0, T0).failed("shard 3 is missing rows", T1);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.failure()).isEqualTo("shard 3 is missing rows");
    assertThat(failed.failed("another reason", T1)).isSameAs(failed);
    assertThatThrownBy(() -> failed.moveTo(JobStatus.FITTING, T1)).isInstanceOf(IllegalStateException.class);
  }

  private static IdentifyCompleted completion() {
    return IdentifyCompleted.of("job-1", 10, 0, List.of(new IdentifyCompleted.ShardSummary(0, 0, null)));
  }
}
