package dev.kiln.runtime.io;

import java.util.Arrays;

/**
 * One tensor as a safetensors header describes it, already validated: an F32 tensor (or an I64
 * one, PyTorch's type for {@code num_batches_tracked}) of {@code count} elements whose bytes lie at
 * {@code [begin, end)} of the payload.
 */
record TensorEntry(String name, int[] shape, int count, long begin, long end, boolean int64) {

    /** Bytes per element: 8 for I64, 4 for F32. */
    int elementBytes() {
        return int64 ? Long.BYTES : Float.BYTES;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    String shapeText() {
        return shapeText(shape);
    }

    /** {@code (6, 1, 5, 5)}, as PyTorch prints a size; {@code ()} for a scalar. */
    static String shapeText(int[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
