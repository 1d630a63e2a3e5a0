package dev.defuse.common.ml.train;

import dev.defuse.common.ml.model.ModelArtifact;

/**
 * A fine-tuned classifier and how it was fine-tuned ({@code report} is also in the model's manifest).
 *
 * @param model  the kept epoch's parameters and manifest (lineage names the base model and λ)
 * @param report settings, per-epoch metrics, the kept epoch
 */
public record FineTuningResult(ModelArtifact model, FineTuningReport report) {
}
