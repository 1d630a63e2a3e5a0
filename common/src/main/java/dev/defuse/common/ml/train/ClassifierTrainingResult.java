package dev.defuse.common.ml.train;

import dev.defuse.common.ml.model.ModelArtifact;

/**
 * A trained classifier and how it was trained ({@code report} is also in the model's manifest).
 *
 * @param model  the kept epoch's parameters and manifest, ready to store or load
 * @param report settings, per-epoch metrics, the kept epoch
 */
public record ClassifierTrainingResult(ModelArtifact model, ClassifierTrainingReport report) {
}
