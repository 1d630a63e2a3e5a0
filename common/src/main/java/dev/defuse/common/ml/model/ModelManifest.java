package dev.defuse.common.ml.model;

import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.ml.arch.ModelArchitecture;
import dev.defuse.common.ml.arch.ModelKind;
import dev.defuse.common.ml.eval.VaeQualityReport;
import dev.defuse.common.ml.train.TrainingReport;
import dev.defuse.common.util.Require;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to rebuild, trust and explain a stored model ({@code models/{modelId}/manifest.json}).
 *
 * @param formatVersion      manifest format ({@value #FORMAT_VERSION})
 * @param modelId            the model's id (letters, digits, '.', '_', '-')
 * @param kind               classifier or VAE
 * @param architecture       architecture name and parameters; loading rebuilds exactly this block
 * @param preprocessing      input shape and what the model does to its input
 * @param classes            class ids (logit indices) and names of the training data
 * @param datasetFingerprint SHA-256 fingerprint of the training data
 * @param seed               training seed
 * @param createdAt          when the model was trained
 * @param engine             engine and versions that trained it
 * @param training           settings and per-epoch metrics
 * @param metrics            evaluation results by name ({@code test_accuracy}, ...), sorted
 * @param vaeQuality         VAE quality on test data ({@code null} for classifiers or when not measured)
 * @param lineage            where the model comes from (e.g. {@code base_model}, {@code job}, {@code lambda}), sorted
 * @param parameters         checksums of the parameter blob, verified on every load
 */
public record ModelManifest(
        int formatVersion,
        String modelId,
        ModelKind kind,
        ModelArchitecture architecture,
        Preprocessing preprocessing,
        List<ClassInfo> classes,
        String datasetFingerprint,
        long seed,
        Instant createdAt,
        String engine,
        TrainingReport training,
        Map<String, Double> metrics,
        VaeQualityReport vaeQuality,
        Map<String, String> lineage,
        ParameterChecksums parameters) {

    public static final int FORMAT_VERSION = 1;

    /**
     * The model's input contract.
     *
     * @param inputShape images as callers pass them: channels, height, width
     * @param paddedSize side after the model's own zero padding
     * @param padding    how the padding is done
     * @param pixels     pixel type, range and normalisation
     */
    public record Preprocessing(List<Integer> inputShape, int paddedSize, String padding, String pixels) {

        public Preprocessing {
            inputShape = List.copyOf(inputShape);
        }

        /** The preprocessing of an architecture. */
        public static Preprocessing of(ModelArchitecture architecture) {
            var input = architecture.input();
            return new Preprocessing(List.of(input.channels(), input.size(), input.size()), input.paddedSize(),
                    input.paddedSize() == input.size()
                            ? "none"
                            : "zero padding, " + input.padBefore() + " px before and "
                                    + (input.paddedSize() - input.size() - input.padBefore())
                                    + " px after each spatial side, inside the model's first layer",
                    dev.defuse.common.ml.arch.ImageInput.PIXEL_RANGE);
        }
    }

    public ModelManifest {
        Require.check(formatVersion == FORMAT_VERSION,
                "unsupported model manifest format " + formatVersion + " (this build reads " + FORMAT_VERSION + ")");
        Require.jobId(modelId, "modelId");
        Require.nonNull(kind, "kind");
        Require.nonNull(architecture, "architecture");
        Require.check(architecture.kind() == kind,
                "manifest kind " + kind.id() + " does not match architecture " + architecture.architectureName());
        Require.nonNull(preprocessing, "preprocessing");
        classes = List.copyOf(Require.nonEmpty(classes, "classes"));
        Require.sha256Hex(datasetFingerprint, "datasetFingerprint");
        Require.nonNull(createdAt, "createdAt");
        Require.nonBlank(engine, "engine");
        Require.nonNull(training, "training");
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics == null ? Map.of() : metrics));
        lineage = Collections.unmodifiableMap(new TreeMap<>(lineage == null ? Map.of() : lineage));
        Require.nonNull(parameters, "parameters");
    }

    /** The same manifest with evaluation metrics added (existing names are replaced). */
    public ModelManifest withMetrics(Map<String, Double> more) {
        TreeMap<String, Double> merged = new TreeMap<>(metrics);
        merged.putAll(more);
        return new ModelManifest(formatVersion, modelId, kind, architecture, preprocessing, classes,
                datasetFingerprint, seed, createdAt, engine, training, merged, vaeQuality, lineage, parameters);
    }

    /** The same manifest with the VAE quality report set. */
    public ModelManifest withVaeQuality(VaeQualityReport quality) {
        return new ModelManifest(formatVersion, modelId, kind, architecture, preprocessing, classes,
                datasetFingerprint, seed, createdAt, engine, training, metrics, quality, lineage, parameters);
    }

    /** The same manifest with lineage entries added. */
    public ModelManifest withLineage(Map<String, String> more) {
        TreeMap<String, String> merged = new TreeMap<>(lineage);
        merged.putAll(more);
        return new ModelManifest(formatVersion, modelId, kind, architecture, preprocessing, classes,
                datasetFingerprint, seed, createdAt, engine, training, metrics, vaeQuality, merged, parameters);
    }

    /** The same model under another id (e.g. when the CLI names a trained model). */
    public ModelManifest withModelId(String id) {
        return new ModelManifest(formatVersion, id, kind, architecture, preprocessing, classes,
                datasetFingerprint, seed, createdAt, engine, training, metrics, vaeQuality, lineage, parameters);
    }
}
