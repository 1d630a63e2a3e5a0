package dev.defuse.identify.ml;

import java.util.List;

/**
 * What Algorithm 1 kept for a batch of images.
 *
 * @param mistakes          kept draws, grouped by image in batch order, each image's smallest ‖ε‖ first
 * @param pixels            the decoded images of {@code mistakes}, row i = mistake i, NCHW
 * @param imageShape        channels, height, width of one decoded image
 * @param imagesProcessed   images that were perturbed
 * @param skippedImages     dataset indices of the images skipped because their reconstruction is misclassified
 * @param samplesEvaluated  decoded and classified draws ({@code imagesProcessed × Q})
 * @param timings           where the time went
 */
public record PerturbationResult(List<Mistake> mistakes, float[] pixels, int[] imageShape, int imagesProcessed,
                                 int[] skippedImages, long samplesEvaluated, EngineTimings timings) {

    public int imagesSkipped() {
        return skippedImages.length;
    }
}
