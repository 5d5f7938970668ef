package dev.kiln.spec;

/**
 * The dropout mask, as a pure function of (seed, layer, element) so that the Java and OpenCL
 * backends drop exactly the same elements. The OpenCL template {@code dropout.cl} implements the
 * same hash; a test keeps them equal.
 */
public final class Dropouts {
    private Dropouts() {
    }

    /**
     * A 32-bit hash of the inputs (the murmur3 finaliser applied to a mix of them). Only int
     * arithmetic with wrap-around, shifts and xors, so OpenCL's {@code uint} gives the same bits.
     */
    public static int hash(long seed, int layer, int element) {
        int h = (int) seed ^ Integer.rotateLeft((int) (seed >>> 32), 13);
        h ^= layer * 0x9E3779B9;
        h = fmix(h);
        h ^= element * 0x85EBCA6B;
        return fmix(h);
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** The threshold for a rate: an element is dropped when the hash's top 24 bits fall below it. */
    public static int threshold(double rate) {
        return (int) Math.round(rate * (1 << 24));
    }

    /** Whether element {@code element} of layer {@code layer}'s batch output is dropped for {@code seed}. */
    public static boolean dropped(long seed, int layer, int element, double rate) {
        return (hash(seed, layer, element) >>> 8) < threshold(rate);
    }
}
