package dev.kiln.reference;

/** Conversions between the backends' float arrays and the reference's doubles. */
public final class Floats {
    private Floats() {
    }

    /** The first {@code length} values of {@code source} as doubles (exact). */
    public static double[] widen(float[] source, int length) {
        if (source.length < length) {
            throw new IllegalArgumentException("expected at least " + length + " values, got " + source.length);
        }
        double[] d = new double[length];
        // each value
        for (int i = 0; i < length; i++) {
            d[i] = source[i];
        }
        return d;
    }

    /** {@code source} rounded to floats. */
    public static float[] narrow(double[] source) {
        float[] f = new float[source.length];
        narrow(source, f, source.length);
        return f;
    }

    /** The first {@code length} values of {@code source} rounded into {@code dst}. */
    public static void narrow(double[] source, float[] dst, int length) {
        if (dst.length < length) {
            throw new IllegalArgumentException("the destination holds " + dst.length + " values, but " + length
                    + " are to be written");
        }
        // each value
        for (int i = 0; i < length; i++) {
            dst[i] = (float) source[i];
        }
    }
}
