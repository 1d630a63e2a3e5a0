package dev.defuse.common.ml;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arithmetic that autograd records.
 *
 * <p>Why: DJL's {@code mul(Number)}, {@code div(Number)}, {@code maximum(Number)} … create a scalar array, apply the
 * operation and close the scalar at once. On the CPU that array's memory is a Java direct buffer (libtorch wraps it
 * without copying), and the autograd graph keeps the tensor for the backward pass. Once the closed Java array is
 * garbage-collected, the buffer is freed and the backward pass reads freed memory: now and then, depending on when the
 * GC runs, a gradient is garbage. In β-VAE training that showed up as sudden KL explosions and NaN losses at random
 * steps. A scalar made here is attached to the operand's manager — the per-batch manager during training — and so
 * lives until the batch is done.
 */
public final class Scalar {

    private Scalar() {
    }

    /** A float32 scalar in the same manager (and device) as {@code like}. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().create(value);
    }
}
