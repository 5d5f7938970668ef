package dev.kiln.runtime.io;

import java.util.Arrays;

/**
 * One tensor as a safetensors header describes it, already validated: an F32 tensor of
 * {@code count} elements whose bytes lie at {@code [begin, end)} of the payload.
 */
record TensorEntry(String name, int[] shape, int count, long begin, long end) {

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
