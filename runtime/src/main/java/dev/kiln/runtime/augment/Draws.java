package dev.kiln.runtime.augment;

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
        long z = seed + 0x9E3779B97F4A7C15L * (((long) layer << 40) ^ ((long) image << 8) ^ k ^ 0x5DEECE66DL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** A value uniform in {@code [-range, range)}. */
    public static double symmetric(long seed, int layer, int image, int k, double range) {
        return (2 * uniform(seed, layer, image, k) - 1) * range;
    }
}
