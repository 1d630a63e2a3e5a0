package dev.defuse.correction.domain;

/** Where a job is in the correction stage. */
public enum JobState {
    /** Some regions' labels arrived; labeling is not complete. */
    WAITING_FOR_LABELS,
    /** The sweep is planned and its points are being trained. */
    SWEEPING,
    /** The chosen model is in the registry and {@code ModelRegistered} was published. */
    REGISTERED,
    /** Labeling found no misclassification region: there is nothing to fine-tune on, no model is registered. */
    NOTHING_TO_CORRECT,
    /** The job cannot be corrected (see the outcome's message), e.g. every Defuse sweep point failed. */
    FAILED
}
