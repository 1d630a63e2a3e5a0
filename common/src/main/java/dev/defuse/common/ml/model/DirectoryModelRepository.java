package dev.defuse.common.ml.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.util.Json;
import dev.defuse.common.util.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link ModelRepository} in a local folder: {@code root/{modelId}/params.bin} and {@code manifest.json}. */
final class DirectoryModelRepository implements ModelRepository {

    private final Path root;
    private final ObjectMapper json = Json.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    DirectoryModelRepository(Path root) {
        this.root = Require.nonNull(root, "root").toAbsolutePath();
    }

    @Override
    public void save(ModelArtifact artifact) {
        String id = artifact.modelId();
        artifact.verifyBlob();
        if (exists(id)) {
            ModelManifest existing = manifest(id);
            if (!existing.parameters().equals(artifact.manifest().parameters())) {
                throw new IllegalStateException("model id '" + id + "' already holds a different model at "
                        + location(id) + "; choose another id");
            }
        }
        try {
            Path dir = Files.createDirectories(folder(id));
            writeAtomically(dir.resolve(ObjectKeys.MODEL_PARAMS), artifact.parameters());
            writeAtomically(dir.resolve(ObjectKeys.MODEL_MANIFEST), json.writeValueAsBytes(artifact.manifest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model '" + id + "' to " + location(id) + ": " + e, e);
        }
    }

    @Override
    public ModelArtifact load(String modelId) {
        ModelManifest manifest = manifest(modelId);
        byte[] blob;
        try {
            blob = Files.readAllBytes(folder(modelId).resolve(ObjectKeys.MODEL_PARAMS));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("model '" + modelId + "' has a manifest but no parameters in "
                    + location(modelId), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model '" + modelId + "': " + e, e);
        }
        ModelArtifact artifact = new ModelArtifact(manifest, blob);
        artifact.verifyBlob();
        return artifact;
    }

    @Override
    public ModelManifest manifest(String modelId) {
        Path file = folder(modelId).resolve(ObjectKeys.MODEL_MANIFEST);
        ModelManifest manifest;
        try {
            manifest = json.readValue(Files.readAllBytes(file), ModelManifest.class);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException(modelId, location(modelId));
        } catch (IOException e) {
            throw new ModelLoadException("manifest " + file + " is not a valid model manifest: " + e.getMessage(), e);
        }
        return ModelRepository.requireId(manifest, modelId, location(modelId));
    }

    @Override
    public boolean exists(String modelId) {
        return Files.isRegularFile(folder(modelId).resolve(ObjectKeys.MODEL_MANIFEST));
    }

    @Override
    public List<ModelManifest> list() {
        List<ModelManifest> manifests = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return manifests;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve(ObjectKeys.MODEL_MANIFEST))) {
                    manifests.add(manifest(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e, e);
        }
        return manifests;
    }

    @Override
    public String location(String modelId) {
        return folder(modelId).toString();
    }

    private Path folder(String modelId) {
        return root.resolve(Require.jobId(modelId, "modelId"));
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
