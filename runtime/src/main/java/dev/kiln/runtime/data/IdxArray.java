package dev.kiln.runtime.data;

import java.util.Arrays;

/**
 * One IDX file's content of unsigned bytes (dtype {@code 0x08}): its dimensions, outermost first,
 * and the values in row-major order, as read by {@link IdxReader}.
 *
 * @param dims dimensions, each at least 1; their product is {@code data.length}
 * @param data the values as raw bytes; read them with {@code b & 0xFF}
 */
public record IdxArray(int[] dims, byte[] data) {

    /** Copies the dimensions and checks that their product is the number of values. */
    public IdxArray {
        dims = dims.clone();
        long count = 1;
        for (int d : dims) {
            count = Math.multiplyExact(count, d);
        }
        if (count != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " hold " + count
                    + " values but data has " + data.length);
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}, outermost first. */
    public int dim(int i) {
        return dims[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a && Arrays.equals(a.dims, dims) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dims);
    }
}
