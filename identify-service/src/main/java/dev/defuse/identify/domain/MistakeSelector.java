package dev.defuse.identify.domain;

import dev.defuse.common.util.Require;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The per-image cap of Algorithm 1: of an image's draws the classifier gets wrong, keep at most {@code cap}, those
 * with the smallest noise norm ‖ε‖₂ (ties: the earlier draw). Candidates arrive in any order; each image keeps a
 * max-heap of its best {@code cap}, so memory stays at {@code images × cap}.
 *
 * @param <T> what is kept with a candidate (e.g. its latent code and decoded image)
 */
public final class MistakeSelector<T> {

    /** A kept candidate: the draw's index within its image, its noise norm and the caller's payload. */
    public record Candidate<T>(int draw, double epsNorm, T value) {
    }

    /** Smaller norm first, then the earlier draw: a total order, so the kept set never depends on arrival order. */
    private static final Comparator<Candidate<?>> BEST_FIRST =
            Comparator.<Candidate<?>>comparingDouble(Candidate::epsNorm).thenComparingInt(Candidate::draw);

    private final int cap;
    private final List<PriorityQueue<Candidate<T>>> kept;

    /**
     * @param images number of images (candidates name an image by its position {@code 0..images-1})
     * @param cap    most candidates kept per image
     */
    public MistakeSelector(int images, int cap) {
        Require.nonNegative(images, "images");
        this.cap = Require.positive(cap, "maxMistakesPerImage");
        this.kept = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            kept.add(new PriorityQueue<>(BEST_FIRST.reversed()));
        }
    }

    /** Whether a candidate with this norm and draw would be kept now (lets callers skip building its payload). */
    public boolean wouldKeep(int image, int draw, double epsNorm) {
        PriorityQueue<Candidate<T>> heap = kept.get(image);
        if (heap.size() < cap) {
            return true;
        }
        return BEST_FIRST.compare(new Candidate<>(draw, epsNorm, null), heap.peek()) < 0;
    }

    /** Offers a candidate; returns whether it is kept (it may be displaced by a better one later). */
    public boolean offer(int image, int draw, double epsNorm, T value) {
        if (!wouldKeep(image, draw, epsNorm)) {
            return false;
        }
        PriorityQueue<Candidate<T>> heap = kept.get(image);
        heap.add(new Candidate<>(draw, epsNorm, value));
        if (heap.size() > cap) {
            heap.poll();
        }
        return true;
    }

    /** The kept candidates of {@code image}, best (smallest norm) first. */
    public List<Candidate<T>> kept(int image) {
        List<Candidate<T>> list = new ArrayList<>(kept.get(image));
        list.sort(BEST_FIRST);
        return list;
    }

    /** Number of candidates kept over all images. */
    public int size() {
        int size = 0;
        for (PriorityQueue<Candidate<T>> heap : kept) {
            size += heap.size();
        }
        return size;
    }
}
