package dev.defuse.correction.domain;

/**
 * How the validation images are held out of the training split: {@code fraction} of it, chosen with {@code seed}
 * ({@code LabeledImages.split}).
 *
 * @param source where the setting comes from: {@code base-model} when the base classifier was trained on exactly this
 *               training split with its own held-out share (that share is reused, so the validation images are unseen
 *               by the base model too), else {@code job} (the job's correction parameters)
 */
public record ValidationSplit(double fraction, long seed, String source) {

    public static final String FROM_BASE_MODEL = "base-model";
    public static final String FROM_JOB = "job";
}
