package dev.defuse.correction.rest;

import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.store.ObjectKeys;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A model of the registry as {@code GET /models} lists it. */
@Schema(name = "Model", description = "A model version with its metrics and lineage")
public record ModelView(
        @Schema(description = "Model id (models/{id}/)") String modelId,
        @Schema(description = "classifier or vae") String kind,
        @Schema(description = "When it was trained or fine-tuned") Instant createdAt,
        @Schema(description = "Object key of the parameters") String modelKey,
        @Schema(description = "Object key of the manifest") String manifestKey,
        @Schema(description = "The correction job that produced it (absent for base models)") String job,
        @Schema(description = "The model it was fine-tuned from (absent for base models)") String baseModel,
        @Schema(description = "SHA-256 fingerprint of its training data") String datasetFingerprint,
        @Schema(description = "Evaluation by name, e.g. test_accuracy, region_accuracy, base_region_accuracy")
        Map<String, Double> metrics,
        @Schema(description = "Where it comes from: base model, job, dataset, λ, epochs, …") Map<String, String> lineage) {

    static ModelView of(ModelManifest m) {
        return new ModelView(m.modelId(), m.kind().id(), m.createdAt(), ObjectKeys.modelParams(m.modelId()),
                ObjectKeys.modelManifest(m.modelId()), m.lineage().get("job"), m.lineage().get("base_model"),
                m.datasetFingerprint(), m.metrics(), m.lineage());
    }
}
