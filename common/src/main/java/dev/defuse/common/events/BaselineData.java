package dev.defuse.common.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the "fine-tuned on identified mistakes" baseline (paper Fig. 4) fine-tunes on. Both read the decoded mistakes
 * identify found; they differ in which mistakes and which labels.
 */
public enum BaselineData {

    /**
     * Every identified mistake, labelled with the label of the training image it was generated from: the raw output
     * of the identification step, neither distilled nor annotated (the paper's "finetuning on the raw mistakes
     * alone"). A perturbation that turned the digit into another class keeps its source label here.
     */
    RAW_MISTAKES,

    /**
     * Only the mistakes whose most probable mixture component is a misclassification region, each with that region's
     * annotator label. It uses Defuse's distill and label steps, so it is stronger than the paper's baseline; it
     * isolates what fine-tuning on fresh samples of the regions adds over the mistakes that defined them.
     */
    REGION_MISTAKES;

    /** The configuration spelling ({@code raw-mistakes}, {@code region-mistakes}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The kind spelled {@code key} ({@link #key()}, case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static BaselineData fromKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key().equalsIgnoreCase(key == null ? "" : key.strip()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown baseline data '" + key
                        + "': use one of " + Arrays.stream(values()).map(BaselineData::key)
                        .collect(Collectors.joining(", "))));
    }
}
