package dev.defuse.identify.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.defuse.common.job.IdentifyParams;
import dev.defuse.common.util.Require;
import dev.defuse.identify.domain.BetaSampler;
import dev.defuse.identify.domain.MistakeSelector;
import dev.defuse.identify.domain.NoiseSeeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Algorithm 1 of the paper for a batch of images: for each image x with label y, z = μ(x) + ε with
 * ε ~ Beta(a, b)^K (one independent draw per latent dimension, not centred), Q times; decode every z, classify the
 * decoded image and keep the draws whose prediction differs from y, at most {@code maxMistakesPerImage} per image,
 * those with the smallest ‖ε‖₂.
 *
 * <p>Draws of many images go through the decoder and the classifier together, in passes of at most
 * {@code maxSamplesPerPass} samples (whole images when Q fits, else slices of one image's draws). Within a pass
 * the decoded images stay native between decoder and classifier; only the predictions and the pixels of the draws
 * kept so far are copied back. Each pass has its own NDManager, closed after the pass. The noise of an image
 * depends only on the job seed and the image's dataset index ({@link NoiseSeeds}), so the result does not depend
 * on the pass size or on how images are grouped into shards.
 */
public final class PerturbationEngine {

    private final IdentifyModels models;
    private final int maxSamplesPerPass;

    /** A kept draw's latent code and prediction; its pixels arrive after the pass's gather. */
    private static final class Kept {
        final int predicted;
        final float[] z;
        float[] pixels;

        Kept(int predicted, float[] z) {
            this.predicted = predicted;
            this.z = z;
        }
    }

    public PerturbationEngine(IdentifyModels models, int maxSamplesPerPass) {
        this.models = Require.nonNull(models, "models");
        this.maxSamplesPerPass = Require.positive(maxSamplesPerPass, "maxSamplesPerPass");
    }

    /** Samples per forward pass for Q draws per image: whole images when they fit, else slices of one image. */
    public int passSize(int drawsPerImage) {
        return drawsPerImage <= maxSamplesPerPass ? (maxSamplesPerPass / drawsPerImage) * drawsPerImage
                : maxSamplesPerPass;
    }

    /**
     * Runs Algorithm 1 on {@code batch}.
     *
     * @throws IllegalArgumentException if the images do not fit the models or a label is not a classifier class
     */
    public PerturbationResult run(ImageBatch batch, IdentifyParams params) {
        int n = batch.size();
        int k = models.latentSize();
        int q = params.drawsPerImage();
        Require.check(batch.pixelsPerImage() == models.input().pixelsPerImage(), "images have "
                + batch.pixelsPerImage() + " pixels but the models take " + models.input().pixelsPerImage());
        for (int label : batch.labels()) {
            Require.check(label >= 0 && label < models.numClasses(),
                    "label " + label + " is not a class of the classifier (0.." + (models.numClasses() - 1) + ")");
        }
        long start = System.nanoTime();
        float[] mu = encodeMeans(batch);
        boolean[] skip = params.skipMisreconstructed() ? misreconstructed(batch, mu) : new boolean[n];
        long encoded = System.nanoTime();

        int[] active = activeImages(skip);
        MistakeSelector<Kept> selector = new MistakeSelector<>(n, params.maxMistakesPerImage());
        long total = (long) active.length * q;
        int passSize = passSize(q);
        long noiseNanos = 0;
        long forwardNanos = 0;
        long selectNanos = 0;
        int passes = 0;
        BetaSampler sampler = null;
        float[] eps = new float[k];
        for (long first = 0; first < total; first += passSize) {
            int count = (int) Math.min(passSize, total - first);
            long t0 = System.nanoTime();
            float[] z = new float[count * k];
            double[] norms = new double[count];
            int[] owner = new int[count];
            int[] draws = new int[count];
            for (int r = 0; r < count; r++) {
                long flat = first + r;
                int image = active[(int) (flat / q)];
                int draw = (int) (flat % q);
                if (draw == 0 || sampler == null) {
                    // an image's draws are consecutive in the flat order: one sampler per image, in draw order
                    sampler = NoiseSeeds.sampler(params.betaA(), params.betaB(), params.seed(),
                            batch.imageIndices()[image]);
                }
                sampler.fill(eps, 0, k);
                double squares = 0;
                for (int d = 0; d < k; d++) {
                    squares += (double) eps[d] * eps[d];
                    z[r * k + d] = mu[image * k + d] + eps[d];
                }
                norms[r] = Math.sqrt(squares);
                owner[r] = image;
                draws[r] = draw;
            }
            long t1 = System.nanoTime();
            try (NDManager manager = models.newManager()) {
                NDArray decoded = models.decode(manager.create(z, new Shape(count, k)));
                long[] predicted = models.predict(decoded);
                long t2 = System.nanoTime();
                List<Kept> fresh = new ArrayList<>();
                List<Integer> rows = new ArrayList<>();
                for (int r = 0; r < count; r++) {
                    int image = owner[r];
                    int label = batch.labels()[image];
                    if (predicted[r] != label && selector.wouldKeep(image, draws[r], norms[r])) {
                        Kept kept = new Kept((int) predicted[r], Arrays.copyOfRange(z, r * k, (r + 1) * k));
                        selector.offer(image, draws[r], norms[r], kept);
                        fresh.add(kept);
                        rows.add(r);
                    }
                }
                if (!fresh.isEmpty()) {
                    float[] pixels = gather(manager, decoded, rows);
                    int per = batch.pixelsPerImage();
                    for (int i = 0; i < fresh.size(); i++) {
                        fresh.get(i).pixels = Arrays.copyOfRange(pixels, i * per, (i + 1) * per);
                    }
                }
                long t3 = System.nanoTime();
                forwardNanos += t2 - t1;
                selectNanos += t3 - t2;
            }
            noiseNanos += t1 - t0;
            passes++;
        }
        return result(batch, selector, skip, active.length, total,
                new EngineTimings(seconds(encoded - start), seconds(noiseNanos), seconds(forwardNanos),
                        seconds(selectNanos), passes));
    }

    private PerturbationResult result(ImageBatch batch, MistakeSelector<Kept> selector, boolean[] skip,
                                      int processed, long samples, EngineTimings timings) {
        List<Mistake> mistakes = new ArrayList<>();
        int per = batch.pixelsPerImage();
        float[] pixels = new float[Math.multiplyExact(selector.size(), per)];
        for (int image = 0; image < batch.size(); image++) {
            for (MistakeSelector.Candidate<Kept> c : selector.kept(image)) {
                System.arraycopy(c.value().pixels, 0, pixels, mistakes.size() * per, per);
                mistakes.add(new Mistake(batch.imageIndices()[image], c.draw(), batch.labels()[image],
                        c.value().predicted, c.value().z, c.epsNorm()));
            }
        }
        int[] skipped = IntStream.range(0, batch.size()).filter(i -> skip[i]).map(i -> batch.imageIndices()[i])
                .toArray();
        var input = models.input();
        return new PerturbationResult(mistakes, pixels, new int[] {input.channels(), input.size(), input.size()},
                processed, skipped, samples, timings);
    }

    /** μ(x), row-major {@code n × K}, in chunks of at most a pass's worth of images. */
    private float[] encodeMeans(ImageBatch batch) {
        int n = batch.size();
        int k = models.latentSize();
        float[] mu = new float[n * k];
        int chunk = Math.max(1, maxSamplesPerPass);
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            try (NDManager manager = models.newManager()) {
                NDArray images = manager.create(batch.pixels(from, to), models.input().batchShape(to - from));
                System.arraycopy(models.encodeMean(images).toFloatArray(), 0, mu, from * k, (to - from) * k);
            }
        }
        return mu;
    }

    /** Whether each image's own reconstruction decode(μ(x)) is misclassified. */
    private boolean[] misreconstructed(ImageBatch batch, float[] mu) {
        int n = batch.size();
        int k = models.latentSize();
        boolean[] skip = new boolean[n];
        for (int from = 0; from < n; from += maxSamplesPerPass) {
            int to = Math.min(n, from + maxSamplesPerPass);
            try (NDManager manager = models.newManager()) {
                NDArray codes = manager.create(Arrays.copyOfRange(mu, from * k, to * k), new Shape(to - from, k));
                long[] predicted = models.predict(models.decode(codes));
                for (int i = from; i < to; i++) {
                    skip[i] = predicted[i - from] != batch.labels()[i];
                }
            }
        }
        return skip;
    }

    private static int[] activeImages(boolean[] skip) {
        int[] active = new int[skip.length];
        int count = 0;
        for (int i = 0; i < skip.length; i++) {
            if (!skip[i]) {
                active[count++] = i;
            }
        }
        return Arrays.copyOf(active, count);
    }

    /** The pixels of {@code rows} of {@code decoded}, copied out in one call. */
    private static float[] gather(NDManager manager, NDArray decoded, List<Integer> rows) {
        int[] index = rows.stream().mapToInt(Integer::intValue).toArray();
        return decoded.get(new NDIndex("{}", manager.create(index))).toFloatArray();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
