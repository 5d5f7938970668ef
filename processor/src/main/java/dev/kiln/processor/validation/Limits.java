package dev.kiln.processor.validation;

import java.util.Locale;

/**
 * The size limits every generated buffer must respect: each per-image activation and the flat
 * parameter array are indexed by {@code int}, in the generated Java and in the OpenCL kernels.
 */
final class Limits {
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;
    /**
     * Layers per network: the generated {@code SPEC} builder costs about 60 bytes of static
     * initialiser per layer, and the JVM caps a method at 64 KB; 500 leaves room for the rest.
     */
    static final int MAX_LAYERS = 500;

    private Limits() {
    }

    /** {@code a * b * c} exactly, or {@link Long#MAX_VALUE} when it does not fit a long (it is over every limit then). */
    static long product(long a, long b, long c) {
        try {
            return Math.multiplyExact(Math.multiplyExact(a, b), c);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    static long product(long a, long b, long c, long d) {
        long abc = product(a, b, c);
        return abc == Long.MAX_VALUE ? abc : product(abc, d, 1);
    }

    /** {@code 61,706}: a count with thousands separators; over a long, {@code more than 9,223,372,036,854,775,807}. */
    static String count(long n) {
        return n == Long.MAX_VALUE ? "more than " + String.format(Locale.ROOT, "%,d", n) : String.format(Locale.ROOT, "%,d", n);
    }
}
