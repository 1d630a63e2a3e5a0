package dev.defuse.correction.rest;

import dev.defuse.common.ml.model.ModelManifest;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The model registry ({@code models/{id}/params.bin + manifest.json} in the object store). */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models", description = "Model versions in the registry, with metrics and lineage")
public class ModelsResource {

    private final ModelRepository registry;

    public ModelsResource(ObjectStore store) {
        this.registry = ModelRepository.objectStore(store);
    }

    @GET
    @Operation(summary = "List model versions",
            description = "Every model in the registry (base classifiers, VAEs and fine-tuned models), newest first, "
                    + "with metrics and lineage. Filter with job (the correction job that produced a model) or kind.")
    @APIResponse(responseCode = "200", description = "The models",
            content = @Content(schema = @Schema(implementation = ModelView.class, type = SchemaType.ARRAY)))
    public List<ModelView> list(
            @Parameter(description = "Only models produced by this correction job") @QueryParam("job") String job,
            @Parameter(description = "Only models of this kind: classifier or vae") @QueryParam("kind") String kind) {
        return registry.list().stream()
                .filter(m -> job == null || job.equals(m.lineage().get("job")))
                .filter(m -> kind == null || kind.equalsIgnoreCase(m.kind().id()))
                .sorted(Comparator.comparing(ModelManifest::createdAt).reversed()
                        .thenComparing(ModelManifest::modelId))
                .map(ModelView::of)
                .toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One model version", description = "The model's metrics, lineage and full manifest.")
    @APIResponse(responseCode = "200", description = "The model",
            content = @Content(schema = @Schema(implementation = ModelDetails.class)))
    @APIResponse(responseCode = "400", description = "Not a valid model id",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such model",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public ModelDetails get(@Parameter(description = "Model id") @PathParam("id") String id) {
        try {
            Require.jobId(id, "model id");
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
        try {
            ModelManifest manifest = registry.manifest(id);
            return new ModelDetails(ModelView.of(manifest), registry.location(id), manifest);
        } catch (ModelNotFoundException e) {
            throw Problem.notFound("no model '" + id + "' in the registry");
        }
    }
}
