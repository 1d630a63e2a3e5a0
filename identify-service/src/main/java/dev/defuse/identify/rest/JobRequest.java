package dev.defuse.identify.rest;

import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.job.CorrectionParams;
import dev.defuse.common.job.DistillParams;
import dev.defuse.common.job.IdentifyParams;
import dev.defuse.common.job.LabelingParams;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /jobs}: what to examine and how. Every parameter object, and every field in it, may be
 * left out to take its default; the stored {@code JobSpec} records the resolved values.
 */
@Schema(name = "JobRequest", description = "A robustness job: dataset, classifier, β-VAE and the stages' parameters")
public record JobRequest(
        @Schema(description = "Job id (letters, digits, '.', '_', '-'); generated when absent",
                examples = "mnist-2026-11-29")
        String jobId,
        @Schema(required = true, description = "The training data in the object store, e.g. "
                + "{\"prefix\": \"datasets/mnist/\", \"format\": \"IDX\", "
                + "\"imageShape\": {\"channels\": 1, \"height\": 28, \"width\": 28}}")
        DatasetRef dataset,
        @Schema(required = true, description = "The classifier under test: a model id (e.g. mnist-classifier) or "
                + "its key models/{id}/params.bin")
        String classifierModel,
        @Schema(required = true, description = "The β-VAE: a model id or its key models/{id}/params.bin")
        String vaeModel,
        @Schema(description = "The classes with explicit ids; default: the classifier's classes")
        List<ClassInfo> classes,
        @Schema(description = "Algorithm 1: drawsPerImage (Q, default 500), betaA/betaB (default 50/50), "
                + "maxMistakesPerImage (default 100), selection ({kind: ALL|RANGE|SAMPLE, start, count}), "
                + "skipMisreconstructed (default false), shardSize (default: the service's "
                + "defuse.identify.default-shard-size), seed (default 0)")
        IdentifyParams identify,
        @Schema(description = "Parameters of distill (defaults when absent)")
        DistillParams distill,
        @Schema(description = "Parameters of labeling (defaults when absent)")
        LabelingParams labeling,
        @Schema(description = "Parameters of correction (defaults when absent)")
        CorrectionParams correction) {
}
