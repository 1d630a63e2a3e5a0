package dev.defuse.common.events;

import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A fine-tuned model was stored in the registry: parameters at {@code modelKey}, manifest at {@code manifestKey},
 * fine-tuned from {@code baseModelKey} with the chosen {@code lambda}. {@code metrics} holds the evaluation
 * (e.g. {@code test_accuracy}, {@code region_accuracy}, before and after), sorted by name.
 */
public record ModelRegistered(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        String modelId,
        String modelKey,
        String manifestKey,
        String baseModelKey,
        SweepVariant variant,
        double lambda,
        Map<String, Double> metrics,
        Lineage lineage) implements DefuseEvent {

    /**
     * Where the model comes from besides its base model and job.
     *
     * @param datasetPrefix      object-store prefix of the training dataset
     * @param datasetFingerprint SHA-256 fingerprint of the training data ({@code LabeledImages.fingerprint()})
     * @param epochs             fine-tuning epochs of the chosen λ (its best epoch)
     * @param seed               training seed
     */
    public record Lineage(String datasetPrefix, String datasetFingerprint, int epochs, long seed) {
        public Lineage {
            Require.nonBlank(datasetPrefix, "datasetPrefix");
            Require.sha256Hex(datasetFingerprint, "datasetFingerprint");
            Require.positive(epochs, "epochs");
        }
    }

    public ModelRegistered {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.jobId(modelId, "modelId");
        Require.nonBlank(modelKey, "modelKey");
        Require.nonBlank(manifestKey, "manifestKey");
        Require.nonBlank(baseModelKey, "baseModelKey");
        Require.nonNull(variant, "variant");
        Require.nonNegative(lambda, "lambda");
        Require.nonNull(metrics, "metrics");
        TreeMap<String, Double> sorted = new TreeMap<>();
        metrics.forEach((name, value) -> sorted.put(Require.nonBlank(name, "metric name"),
                Require.finite(Require.nonNull(value, "metric " + name), "metric " + name)));
        metrics = Collections.unmodifiableMap(sorted);
        Require.nonNull(lineage, "lineage");
    }

    /** The registration with its deterministic event id ({@code jobId:model:modelId}). */
    public static ModelRegistered of(String jobId, String modelId, String modelKey, String manifestKey,
                                     String baseModelKey, SweepVariant variant, double lambda,
                                     Map<String, Double> metrics, Lineage lineage) {
        return new ModelRegistered(EventIds.of(jobId, "model", modelId), jobId, Instant.now(), modelId, modelKey,
                manifestKey, baseModelKey, variant, lambda, metrics, lineage);
    }

    @Override
    public String topic() {
        return Topics.FINETUNED_MODELS;
    }
}
