package dev.defuse.correction.config;

import dev.defuse.common.events.BaselineData;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of the correction service ({@code defuse.correction.*}, overridable as {@code DEFUSE_CORRECTION_*}). What
 * a job fine-tunes with (λ grid, epochs, batch size, learning rate, validation share, seed) is not here: it is part
 * of the job's spec ({@code JobSpec.correction}), so every replica runs a job's sweep the same way.
 */
@ConfigMapping(prefix = "defuse.correction")
public interface CorrectionConfig {

    /**
     * How often one sweep point is attempted before it is recorded as failed. A failed point counts as done: the job
     * picks its λ among the points that succeeded (and fails only if every point of the Defuse sweep failed).
     */
    @WithDefault("2")
    int pointAttempts();

    /**
     * How often a record's processing is attempted when it fails on something transient (object store or broker
     * unreachable) before the channel stops (health DOWN; nothing past the record is committed, so a restarted
     * replica receives it again). A transient failure never sends a record to the dead-letter topic. Every step is
     * idempotent, so a retry never duplicates work.
     */
    @WithDefault("5")
    int recordAttempts();

    /** Wait before the second attempt of a failed sweep point or record (doubled before the third, and so on). */
    @WithDefault("PT5S")
    Duration pointRetryDelay();

    /** Images per forward pass when models are evaluated (test set, validation set, region test set). */
    @WithDefault("500")
    int evaluationBatchSize();

    /** How long a publish waits for the broker's acknowledgement before the record is treated as failed. */
    @WithDefault("PT30S")
    Duration publishTimeout();

    /**
     * Whether the "fine-tuned on identified mistakes" baseline sweep runs (paper Fig. 4). Turning it off halves a
     * job's sweep.
     */
    @WithDefault("true")
    boolean baselineEnabled();

    /**
     * What the baseline fine-tunes on: {@code raw-mistakes} (every identified mistake with its source image's label,
     * neither distilled nor annotated: the paper's baseline) or {@code region-mistakes} (the mistakes in the
     * misclassification regions with the regions' annotator labels: a stronger ablation).
     */
    @WithDefault("raw-mistakes")
    BaselineData baselineData();

    /**
     * Largest number of identified mistakes the baseline fine-tunes on (a seeded sample when there are more; 0:
     * all). The cost of a step does not depend on it (one batch of D_f per step), but the set is held in memory:
     * 5,000 colour images of 32×32 take 61 MB, a full job's raw mistakes (tens of thousands) would not fit a
     * 1 GB heap.
     */
    @WithDefault("5000")
    int baselineMaxImages();

    /**
     * Whether the parameters of the sweep points that were not chosen are kept in the object store after the model
     * is registered ({@code jobs/{id}/correction/sweep/*.params}); their metrics are always kept.
     */
    @WithDefault("false")
    boolean keepCandidateParameters();

    /** How many jobs' training and test data a replica keeps in memory between sweep points (least recent dropped). */
    @WithDefault("1")
    int dataCacheJobs();
}
