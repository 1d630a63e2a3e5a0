package dev.defuse.correction.domain;

/** How a sweep point ended. */
public enum PointStatus {
    /** Fine-tuned and evaluated; its candidate parameters are stored. */
    DONE,
    /** Every attempt failed; the error is recorded and the point is left out of the selection. */
    FAILED
}
