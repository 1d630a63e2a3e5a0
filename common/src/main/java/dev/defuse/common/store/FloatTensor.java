package dev.defuse.common.store;

import dev.defuse.common.util.Require;

import java.util.Arrays;
import java.util.List;

/**
 * A dense float32 tensor in row-major (C) order, e.g. images as {@code [n, channels, height, width]}.
 *
 * <p>The tensor wraps {@code data} without copying it (tensors can be large): {@link #data()} is the backing array,
 * and callers must not change it while the tensor is in use. The shape is copied.
 */
public record FloatTensor(int[] shape, float[] data) {

    /** Largest rank the DFT1 format accepts. */
    public static final int MAX_RANK = 8;

    public FloatTensor {
        Require.nonNull(shape, "shape");
        Require.nonNull(data, "data");
        Require.check(shape.length >= 1 && shape.length <= MAX_RANK,
                "tensor rank must be 1.." + MAX_RANK + ", got " + shape.length);
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            Require.check(shape[i] >= 0, "tensor dimension " + i + " must be >= 0, got " + shape[i]);
            count *= shape[i];
            Require.check(count <= Integer.MAX_VALUE, "tensor of shape " + Arrays.toString(shape)
                    + " has more than " + Integer.MAX_VALUE + " elements");
        }
        Require.check(count == data.length, "tensor of shape " + Arrays.toString(shape) + " needs " + count
                + " values, data has " + data.length);
        shape = shape.clone();
    }

    /** A zero tensor of the given shape. */
    public static FloatTensor zeros(int... shape) {
        long count = 1;
        for (int d : shape) {
            count *= Math.max(d, 0);
        }
        Require.check(count <= Integer.MAX_VALUE, "tensor of shape " + Arrays.toString(shape) + " is too large");
        return new FloatTensor(shape, new float[(int) count]);
    }

    /**
     * Stacks rows of equal length into a tensor of shape {@code [rows.size(), rowShape...]} (the row shape defaults
     * to {@code [rowLength]}).
     */
    public static FloatTensor ofRows(List<float[]> rows, int... rowShape) {
        Require.nonNull(rows, "rows");
        int[] inner = rowShape.length > 0 ? rowShape : new int[]{rows.isEmpty() ? 0 : rows.get(0).length};
        int rowSize = 1;
        for (int d : inner) {
            rowSize *= d;
        }
        int[] shape = new int[inner.length + 1];
        shape[0] = rows.size();
        System.arraycopy(inner, 0, shape, 1, inner.length);
        float[] data = new float[Math.multiplyExact(rows.size(), rowSize)];
        for (int i = 0; i < rows.size(); i++) {
            float[] row = rows.get(i);
            Require.check(row.length == rowSize, "row " + i + " has " + row.length + " values, expected " + rowSize);
            System.arraycopy(row, 0, data, i * rowSize, rowSize);
        }
        return new FloatTensor(shape, data);
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The backing array (not a copy). */
    @Override
    public float[] data() {
        return data;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Size of the first dimension. */
    public int rows() {
        return shape[0];
    }

    /** Number of elements of one row (the product of all but the first dimension). */
    public int rowSize() {
        int size = 1;
        for (int i = 1; i < shape.length; i++) {
            size *= shape[i];
        }
        return size;
    }

    /** The shape of one row ({@code shape[1..]}). */
    public int[] rowShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** A copy of row {@code i}. */
    public float[] row(int i) {
        float[] row = new float[rowSize()];
        copyRow(i, row, 0);
        return row;
    }

    /** Copies row {@code i} into {@code target} at {@code offset}. */
    public void copyRow(int i, float[] target, int offset) {
        Require.index(i, rows(), "row");
        int rowSize = rowSize();
        System.arraycopy(data, i * rowSize, target, offset, rowSize);
    }

    /** A new tensor holding copies of rows {@code [from, to)}. */
    public FloatTensor rows(int from, int to) {
        Require.check(0 <= from && from <= to && to <= rows(),
                "row range [" + from + ", " + to + ") is outside [0, " + rows() + ")");
        int rowSize = rowSize();
        int[] newShape = shape.clone();
        newShape[0] = to - from;
        return new FloatTensor(newShape, Arrays.copyOfRange(data, from * rowSize, to * rowSize));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** Shape only: the data can be millions of values. */
    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
