package dev.kiln.spec;

/**
 * The random values of one augmentation for one image: uniform doubles in [0, 1) drawn by
 * SplitMix64 from {@code (step seed, layer, image, k)} alone, so that any backend can draw the
 * same values in any order, and the same seed gives the same run.
 */
public final class Draws {
    private Draws() {
    }

    /** The {@code k}-th value in [0, 1) of image {@code image} for layer {@code layer} at the step seeded {@code seed}. */
    public static double uniform(long seed, int layer, int image, int k) {
        return (bits(seed, layer, image, k) >>> 11) * 0x1.0p-53;
    }

    /**
     * The 64 random bits behind {@link #uniform}: SplitMix64's finaliser of a mix of the inputs. Only
     * wrap-around multiplies, xors and logical shifts, so OpenCL's {@code ulong} gives the same bits
     * ({@code augment.cl} does).
     */
    public static long bits(long seed, int layer, int image, int k) {
        long z = seed + 0x9E3779B97F4A7C15L * (((long) layer << 40) ^ ((long) image << 8) ^ k ^ 0x5DEECE66DL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The float the generated code uses for {@link #uniform}: the top 24 of the same bits, exact in
     * a float on both backends (it differs from the double by less than 2^-24). Below 1/2 exactly
     * when {@link #uniform} is, since both read the top bit.
     */
    public static float uniformFloat(long seed, int layer, int image, int k) {
        return (float) (bits(seed, layer, image, k) >>> 40) * 0x1.0p-24f;
    }

    /** A value uniform in {@code [-range, range)}. */
    public static double symmetric(long seed, int layer, int image, int k, double range) {
        return (2 * uniform(seed, layer, image, k) - 1) * range;
    }
}
