package dev.defuse.common.events;

/** What a correction sweep fine-tunes on. */
public enum SweepVariant {
    /** Samples of the misclassification regions with the regions' annotator labels (the paper's method). */
    DEFUSE,
    /** The individual identified mistakes, as {@link BaselineData} says (the paper's "Identified Mistakes" row). */
    BASELINE
}
