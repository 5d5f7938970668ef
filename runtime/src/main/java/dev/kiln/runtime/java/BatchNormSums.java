package dev.kiln.runtime.java;

/**
 * The per-plane sums batch norm needs over a whole batch: in training forward the sum of the inputs
 * and the sum of their squared deviations from the mean, in backward the sum of the output gradient
 * and its sum weighted by the centred input. The generated passes call these once per image and
 * feature and add the results in double, image by image.
 *
 * <p>With the Vector API ({@link Gemm#VECTOR}) each vector lane sums in float over blocks of
 * {@value #BLOCK} elements per lane at most, and each block's lanes are added into a double, so the
 * float partial sums stay short; the centring by {@code centerHi + centerLo} (the mean split into two
 * floats) keeps a mean far from zero from cancelling the deviations. Without it, plain loops sum in
 * double. The two differ by rounding only.
 */
public final class BatchNormSums {
    /** Vector iterations a float lane sums before the block goes into the double total. */
    static final int BLOCK = 16;

    private BatchNormSums() {
    }

    /** {@code sum x[i]} over {@code from <= i < to}. */
    public static double sum(float[] x, int from, int to) {
        return Gemm.VECTOR ? VectorGemm.sum(x, from, to) : scalarSum(x, from, to);
    }

    static double scalarSum(float[] x, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        int i = from;
        for (; i + 2 <= to; i += 2) {
            s0 += x[i];
            s1 += x[i + 1];
        }
        if (i < to) {
            s0 += x[i];
        }
        return s0 + s1;
    }

    /** {@code sum d^2} with {@code d = (x[i] - centerHi) - centerLo}, over {@code from <= i < to}. */
    public static double squaredDeviations(float[] x, int from, int to, float centerHi, float centerLo) {
        return Gemm.VECTOR ? VectorGemm.squaredDeviations(x, from, to, centerHi, centerLo)
                : scalarSquaredDeviations(x, from, to, centerHi, centerLo);
    }

    static double scalarSquaredDeviations(float[] x, int from, int to, float centerHi, float centerLo) {
        double mean = (double) centerHi + centerLo;
        double s0 = 0;
        double s1 = 0;
        int i = from;
        for (; i + 2 <= to; i += 2) {
            double d0 = x[i] - mean;
            double d1 = x[i + 1] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
        }
        if (i < to) {
            double d = x[i] - mean;
            s0 += d * d;
        }
        return s0 + s1;
    }

    /** {@code sum g[i] ((x[i] - centerHi) - centerLo)} over {@code from <= i < to}. */
    public static double dotCentred(float[] g, float[] x, int from, int to, float centerHi, float centerLo) {
        return Gemm.VECTOR ? VectorGemm.dotCentred(g, x, from, to, centerHi, centerLo)
                : scalarDotCentred(g, x, from, to, centerHi, centerLo);
    }

    static double scalarDotCentred(float[] g, float[] x, int from, int to, float centerHi, float centerLo) {
        double mean = (double) centerHi + centerLo;
        double s0 = 0;
        double s1 = 0;
        int i = from;
        for (; i + 2 <= to; i += 2) {
            s0 += g[i] * (x[i] - mean);
            s1 += g[i + 1] * (x[i + 1] - mean);
        }
        if (i < to) {
            s0 += g[i] * (x[i] - mean);
        }
        return s0 + s1;
    }
}
