package dev.kiln.runtime.java;

import dev.kiln.spec.Draws;

/**
 * The augmentation layers' per-image work in float, called by generated Java passes (as
 * {@link dev.kiln.spec.Dropouts} is): the transform of image {@code n} is drawn from {@code (seed, layer, n)} by
 * {@link Draws#uniformFloat}, which {@code augment.cl} computes bit for bit the same way, and is
 * applied as {@code dev.kiln.reference.ReferenceAugment} does in double precision: every
 * output pixel reads its source point bilinearly (pixel centres at integer coordinates), with the
 * fill mode outside the picture.
 *
 * <p>Backward: the adjoint of each map (a bilinear read scatters its gradient to the four pixels
 * it read), used only when a caller asks for the gradient with respect to the network input;
 * training never needs it, since augmentation layers stand at the start of the network.
 */
public final class Augments {
    /** Fill codes, as {@code dev.kiln.dsl.FillMode}'s ordinals and {@code augment.cl}'s {@code FILL}. */
    public static final int ZEROS = 0;
    public static final int NEAREST = 1;
    public static final int REFLECT = 2;

    private Augments() {
    }

    /** A value uniform in {@code [-range, range)}, in float, as {@code augment.cl} computes it. */
    public static float symmetric(long seed, int layer, int image, int k, float range) {
        return (2f * Draws.uniformFloat(seed, layer, image, k) - 1f) * range;
    }

    /** Whether image {@code n} is flipped left-right ({@code axis} 0) or up-down (1) for a mode that allows it. */
    public static boolean flips(long seed, int layer, int n, int axis) {
        return Draws.uniformFloat(seed, layer, n, axis) < 0.5f;
    }

    /**
     * The per-image affine map {@code source = (a (y - cy) + b (x - cx) + c, d (y - cy) + e (x - cx) + f)}
     * of a translation ({@code kind} 0: ranges are fractions of the height and width), rotation
     * (1: {@code rangeA} in degrees) or zoom (2: {@code rangeA} a fraction), written to
     * {@code m[0..5]}.
     */
    public static void affine(int kind, float rangeA, float rangeB, long seed, int layer, int n, int height, int width,
                              float[] m) {
        float cy = (height - 1) * 0.5f;
        float cx = (width - 1) * 0.5f;
        float a = 1f;
        float b = 0f;
        float d = 0f;
        float e = 1f;
        float c = cy;
        float f = cx;
        if (kind == 0) {
            c = cy - symmetric(seed, layer, n, 0, rangeA) * height;
            f = cx - symmetric(seed, layer, n, 1, rangeB) * width;
        } else if (kind == 1) {
            float radians = symmetric(seed, layer, n, 0, rangeA) * (float) (Math.PI / 180);
            a = (float) Math.cos(radians);
            b = (float) Math.sin(radians);
            d = -b;
            e = a;
        } else {
            float s = 1f + symmetric(seed, layer, n, 0, rangeA);
            a = s;
            e = s;
        }
        m[0] = a;
        m[1] = b;
        m[2] = c;
        m[3] = d;
        m[4] = e;
        m[5] = f;
    }

    /** Image {@code n} of {@code (N, C, H, W)} {@code in} mirrored into {@code out}. */
    public static void flip(float[] in, float[] out, int n, int channels, int height, int width, boolean horizontal,
                            boolean vertical) {
        int plane = height * width;
        int base = n * channels * plane;
        for (int c = 0; c < channels; c++) {                // each channel
            int p = base + c * plane;
            for (int y = 0; y < height; y++) {              // output rows
                int sy = vertical ? height - 1 - y : y;
                for (int x = 0; x < width; x++) {           // output columns
                    out[p + y * width + x] = in[p + sy * width + (horizontal ? width - 1 - x : x)];
                }
            }
        }
    }

    /** The adjoint of {@link #flip} (a permutation): {@code gIn} of image {@code n} from {@code gOut}. */
    public static void flipBackward(float[] gOut, float[] gIn, int n, int channels, int height, int width,
                                    boolean horizontal, boolean vertical) {
        flip(gOut, gIn, n, channels, height, width, horizontal, vertical); // a flip is its own inverse
    }

    /** Image {@code n} resampled through the map {@code m} (see {@link #affine}) into {@code out}. */
    public static void warp(float[] in, float[] out, int n, int channels, int height, int width, float[] m, int fill) {
        int plane = height * width;
        int base = n * channels * plane;
        float cy = (height - 1) * 0.5f;
        float cx = (width - 1) * 0.5f;
        for (int y = 0; y < height; y++) {                  // output rows
            for (int x = 0; x < width; x++) {               // output columns
                float sy = m[0] * (y - cy) + m[1] * (x - cx) + m[2];
                float sx = m[3] * (y - cy) + m[4] * (x - cx) + m[5];
                int y0 = (int) Math.floor(sy);
                int x0 = (int) Math.floor(sx);
                float wy = sy - y0;
                float wx = sx - x0;
                int i00 = source(y0, x0, height, width, fill);
                int i01 = source(y0, x0 + 1, height, width, fill);
                int i10 = source(y0 + 1, x0, height, width, fill);
                int i11 = source(y0 + 1, x0 + 1, height, width, fill);
                for (int c = 0; c < channels; c++) {        // each channel
                    int p = base + c * plane;
                    float v00 = i00 < 0 ? 0f : in[p + i00];
                    float v01 = i01 < 0 ? 0f : in[p + i01];
                    float v10 = i10 < 0 ? 0f : in[p + i10];
                    float v11 = i11 < 0 ? 0f : in[p + i11];
                    out[p + y * width + x] = (v00 * (1f - wx) + v01 * wx) * (1f - wy) + (v10 * (1f - wx) + v11 * wx) * wy;
                }
            }
        }
    }

    /** The adjoint of {@link #warp}: each output gradient scattered to the (up to) four pixels its value read. */
    public static void warpBackward(float[] gOut, float[] gIn, int n, int channels, int height, int width, float[] m,
                                    int fill) {
        int plane = height * width;
        int base = n * channels * plane;
        java.util.Arrays.fill(gIn, base, base + channels * plane, 0f);
        float cy = (height - 1) * 0.5f;
        float cx = (width - 1) * 0.5f;
        for (int y = 0; y < height; y++) {                  // output rows
            for (int x = 0; x < width; x++) {               // output columns
                float sy = m[0] * (y - cy) + m[1] * (x - cx) + m[2];
                float sx = m[3] * (y - cy) + m[4] * (x - cx) + m[5];
                int y0 = (int) Math.floor(sy);
                int x0 = (int) Math.floor(sx);
                float wy = sy - y0;
                float wx = sx - x0;
                int i00 = source(y0, x0, height, width, fill);
                int i01 = source(y0, x0 + 1, height, width, fill);
                int i10 = source(y0 + 1, x0, height, width, fill);
                int i11 = source(y0 + 1, x0 + 1, height, width, fill);
                for (int c = 0; c < channels; c++) {        // each channel
                    int p = base + c * plane;
                    float g = gOut[p + y * width + x];
                    if (i00 >= 0) {
                        gIn[p + i00] += g * (1f - wx) * (1f - wy);
                    }
                    if (i01 >= 0) {
                        gIn[p + i01] += g * wx * (1f - wy);
                    }
                    if (i10 >= 0) {
                        gIn[p + i10] += g * (1f - wx) * wy;
                    }
                    if (i11 >= 0) {
                        gIn[p + i11] += g * wx * wy;
                    }
                }
            }
        }
    }

    /** Image {@code n}'s deviation from each channel's mean scaled by {@code factor}. */
    public static void contrast(float[] in, float[] out, int n, int channels, int plane, float factor) {
        int base = n * channels * plane;
        for (int c = 0; c < channels; c++) {                // each channel
            int p = base + c * plane;
            double sum = 0;
            for (int i = 0; i < plane; i++) {               // its mean
                sum += in[p + i];
            }
            float mean = (float) (sum / plane);
            for (int i = 0; i < plane; i++) {               // each pixel
                out[p + i] = (in[p + i] - mean) * factor + mean;
            }
        }
    }

    /** The adjoint of {@link #contrast}: {@code gIn = factor gOut + (1 - factor) mean(gOut)} per channel. */
    public static void contrastBackward(float[] gOut, float[] gIn, int n, int channels, int plane, float factor) {
        int base = n * channels * plane;
        for (int c = 0; c < channels; c++) {                // each channel
            int p = base + c * plane;
            double sum = 0;
            for (int i = 0; i < plane; i++) {               // the mean gradient
                sum += gOut[p + i];
            }
            float shift = (float) ((1 - factor) * (sum / plane));
            for (int i = 0; i < plane; i++) {               // each pixel
                gIn[p + i] = factor * gOut[p + i] + shift;
            }
        }
    }

    /** The in-picture index {@code y * width + x} that pixel (y, x) reads under {@code fill}, or -1 for a zero. */
    static int source(int y, int x, int height, int width, int fill) {
        if (y >= 0 && y < height && x >= 0 && x < width) {
            return y * width + x;
        }
        if (fill == ZEROS) {
            return -1;
        }
        if (fill == NEAREST) {
            return Math.max(0, Math.min(height - 1, y)) * width + Math.max(0, Math.min(width - 1, x));
        }
        return reflect(y, height) * width + reflect(x, width);
    }

    /** Mirror without repeating the edge: -1 -> 1, n -> n - 2; a size of 1 reads index 0. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
