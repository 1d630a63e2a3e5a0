package dev.defuse.identify.domain;

import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.job.IdentifyParams;
import dev.defuse.common.job.JobSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Progress, rates and ETA reported by GET /jobs/{id}. */
class JobStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final JobSpec SPEC = JobSpec.withDefaults("job-1", DatasetRef.mnist("datasets/mnist/"),
            "models/c/params.bin", "models/v/params.bin", MnistDataset.CLASSES)
            .withIdentify(IdentifyParams.defaults().withShardSize(25));
    private static final TensorRef TENSOR = new TensorRef("tensors/job-1/identify/shard-00000.dft", "ab".repeat(32));
    private static final JobPlan PLAN = new JobPlan("job-1", 100, 4, 25, 500, T0, T0.plusSeconds(1));

    @Test
    void aJobBeingSubmittedAndAQueuedJob() {
        JobStatus submitting = JobStatus.of(SPEC, PLAN.publishedAt(null), null, List.of(), T0.plusSeconds(1));
        assertThat(submitting.state()).isEqualTo(JobState.SUBMITTING);
        JobStatus queued = JobStatus.of(SPEC, PLAN, null, List.of(), T0.plusSeconds(10));
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.shardsTotal()).isEqualTo(4);
        assertThat(queued.shardsDone()).isZero();
        assertThat(queued.etaSeconds()).isNull();
        assertThat(queued.elapsedSeconds()).isEqualTo(10.0);
    }

    @Test
    void aRunningJobExtrapolatesItsRate() {
        JobProgress progress = JobProgress.start("job-1", 4)
                .with(ShardCompleted.of("job-1", 0, 4, 23, 2, 23 * 500L, 40, TENSOR), T0.plusSeconds(20))
                .with(ShardCompleted.of("job-1", 2, 4, 25, 0, 25 * 500L, 0, null), T0.plusSeconds(40));
        JobStatus status = JobStatus.of(SPEC, PLAN, progress, List.of(), T0.plusSeconds(50));
        assertThat(status.state()).isEqualTo(JobState.RUNNING);
        assertThat(status.shardsDone()).isEqualTo(2);
        assertThat(status.imagesProcessed()).isEqualTo(48);
        assertThat(status.imagesSkipped()).isEqualTo(2);
        assertThat(status.mistakesKept()).isEqualTo(40);
        assertThat(status.samplesEvaluated()).isEqualTo(24_000);
        assertThat(status.samplesPerSecond()).isCloseTo(24_000 / 50.0, within(1e-9));
        // 50 of 100 images in 50 s: 50 more take 50 s
        assertThat(status.etaSeconds()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void aCompletedJobStopsItsClockAtCompletion() {
        JobProgress progress = JobProgress.start("job-1", 1)
                .with(ShardCompleted.of("job-1", 0, 1, 100, 0, 50_000, 7, TENSOR), T0.plusSeconds(99))
                .completedAt(T0.plusSeconds(100));
        JobStatus status = JobStatus.of(SPEC, PLAN.publishedAt(T0), progress, List.of(), T0.plusSeconds(500));
        assertThat(status.state()).isEqualTo(JobState.COMPLETED);
        assertThat(status.elapsedSeconds()).isEqualTo(100.0);
        assertThat(status.samplesPerSecond()).isEqualTo(500.0);
        assertThat(status.etaSeconds()).isZero();
        assertThat(status.completedAt()).isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void aFailedShardMakesTheJobFailed() {
        ShardFailure failure = new ShardFailure("job-1", 3, "ModelNotFoundException: no model", 1, "w", T0);
        JobStatus status = JobStatus.of(SPEC, PLAN, null, List.of(failure), T0.plusSeconds(5));
        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.failures()).containsExactly(failure);
        assertThat(status.etaSeconds()).isNull();
    }

    @Test
    void aRedeliveredShardIsCountedOnce() {
        ShardCompleted shard = ShardCompleted.of("job-1", 0, 2, 5, 0, 50, 3, TENSOR);
        JobProgress once = JobProgress.start("job-1", 2).with(shard, T0);
        assertThat(once.with(shard, T0.plusSeconds(9))).isSameAs(once);
        assertThat(once.allShardsDone()).isFalse();
    }
}
