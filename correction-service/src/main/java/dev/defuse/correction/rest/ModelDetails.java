package dev.defuse.correction.rest;

import dev.defuse.common.ml.model.ModelManifest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One model with its whole manifest ({@code GET /models/{id}}). */
@Schema(name = "ModelDetails", description = "A model with its full manifest (architecture, training, checksums)")
public record ModelDetails(
        @Schema(description = "The model's summary") ModelView model,
        @Schema(description = "Where the model lives (bucket and endpoint)") String location,
        @Schema(description = "The stored manifest: architecture, preprocessing, classes, training report, metrics, "
                + "lineage and parameter checksums") ModelManifest manifest) {
}
