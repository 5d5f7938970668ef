package dev.kiln.runtime.augment;

/**
 * Applies an {@link Augmentation} to a batch of {@code (N, C, H, W)} pictures in double
 * precision, the naive way: for every output pixel, the inverse transform gives the source point,
 * read bilinearly (pixel centres at integer coordinates) with the fill mode outside the picture.
 * In evaluation every augmentation is the identity: callers only call this while training.
 */
public final class ReferenceAugment {
    private ReferenceAugment() {
    }

    /**
     * Writes the augmented batch into {@code out} (same layout as {@code in}); {@code layer} is the
     * augmentation's position in the network, so that stacked ones draw different values.
     */
    public static void apply(Augmentation a, double[] in, double[] out, int batch, int channels, int height, int width,
                             long seed, int layer) {
        int plane = height * width;
        int size = channels * plane;
        for (int n = 0; n < batch; n++) {                       // each image
            int base = n * size;
            if (a instanceof Augmentation.Flip f) {
                boolean horizontal = f.mode() != Augmentation.FlipMode.VERTICAL && Draws.uniform(seed, layer, n, 0) < 0.5;
                boolean vertical = f.mode() != Augmentation.FlipMode.HORIZONTAL && Draws.uniform(seed, layer, n, 1) < 0.5;
                for (int c = 0; c < channels; c++) {        // each channel
                    for (int y = 0; y < height; y++) {      // output rows
                        for (int x = 0; x < width; x++) {   // output columns
                            int sy = vertical ? height - 1 - y : y;
                            int sx = horizontal ? width - 1 - x : x;
                            out[base + c * plane + y * width + x] = in[base + c * plane + sy * width + sx];
                        }
                    }
                }
            } else if (a instanceof Augmentation.Translation t) {
                double dy = Draws.symmetric(seed, layer, n, 0, t.height()) * height;
                double dx = Draws.symmetric(seed, layer, n, 1, t.width()) * width;
                // output (y, x) shows source (y - dy, x - dx)
                affine(in, out, base, channels, height, width, 1, 0, -dy, 0, 1, -dx, t.fill());
            } else if (a instanceof Augmentation.Rotation r) {
                double theta = Math.toRadians(Draws.symmetric(seed, layer, n, 0, r.degrees()));
                double cy = (height - 1) / 2.0;
                double cx = (width - 1) / 2.0;
                double cos = Math.cos(theta);
                double sin = Math.sin(theta);
                // source = R (output - centre) + centre, R a rotation by theta (its sign is immaterial: theta is symmetric)
                affine(in, out, base, channels, height, width, cos, sin, cy - cos * cy - sin * cx, -sin, cos,
                        cx + sin * cy - cos * cx, r.fill());
            } else if (a instanceof Augmentation.Zoom z) {
                double s = 1 + Draws.symmetric(seed, layer, n, 0, z.value());
                double cy = (height - 1) / 2.0;
                double cx = (width - 1) / 2.0;
                // zooming out by s: source = (output - centre) * s + centre
                affine(in, out, base, channels, height, width, s, 0, cy - s * cy, 0, s, cx - s * cx, z.fill());
            } else if (a instanceof Augmentation.Contrast k) {
                double factor = 1 + Draws.symmetric(seed, layer, n, 0, k.value());
                for (int c = 0; c < channels; c++) {        // each channel
                    double mean = 0;
                    for (int i = 0; i < plane; i++) {       // its mean
                        mean += in[base + c * plane + i];
                    }
                    mean /= plane;
                    for (int i = 0; i < plane; i++) {       // each pixel
                        out[base + c * plane + i] = (in[base + c * plane + i] - mean) * factor + mean;
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #apply}: the gradient with respect to {@code in} from the gradient
     * {@code gOut} with respect to {@code out}, for the same draws. A bilinear read scatters its
     * gradient to the four pixels it read (through the fill mode's index map; zeros receive
     * nothing); contrast gives {@code f g + (1 - f) mean(g)} per channel; a flip is a permutation.
     */
    public static void backward(Augmentation a, double[] gOut, double[] gIn, int batch, int channels, int height,
                                int width, long seed, int layer) {
        int plane = height * width;
        int size = channels * plane;
        java.util.Arrays.fill(gIn, 0, batch * size, 0);
        for (int n = 0; n < batch; n++) {                       // each image
            int base = n * size;
            if (a instanceof Augmentation.Flip) {
                double[] p = parameters(a, seed, layer, n, height, width);
                for (int c = 0; c < channels; c++) {        // each channel
                    for (int y = 0; y < height; y++) {      // output rows
                        for (int x = 0; x < width; x++) {   // output columns
                            int sy = p[1] == 1 ? height - 1 - y : y;
                            int sx = p[0] == 1 ? width - 1 - x : x;
                            gIn[base + c * plane + sy * width + sx] += gOut[base + c * plane + y * width + x];
                        }
                    }
                }
            } else if (a instanceof Augmentation.Contrast) {
                double factor = parameters(a, seed, layer, n, height, width)[0];
                for (int c = 0; c < channels; c++) {        // each channel
                    double mean = 0;
                    for (int i = 0; i < plane; i++) {       // the mean gradient
                        mean += gOut[base + c * plane + i];
                    }
                    mean /= plane;
                    for (int i = 0; i < plane; i++) {       // each pixel
                        gIn[base + c * plane + i] = factor * gOut[base + c * plane + i] + (1 - factor) * mean;
                    }
                }
            } else {
                double[] m = map(a, seed, layer, n, height, width);
                Augmentation.Fill fill = a instanceof Augmentation.Translation t ? t.fill()
                        : a instanceof Augmentation.Rotation r ? r.fill() : ((Augmentation.Zoom) a).fill();
                for (int ch = 0; ch < channels; ch++) {     // each channel
                    int p = base + ch * plane;
                    for (int y = 0; y < height; y++) {      // output rows
                        for (int x = 0; x < width; x++) {   // output columns
                            double sy = m[0] * y + m[1] * x + m[2];
                            double sx = m[3] * y + m[4] * x + m[5];
                            int y0 = (int) Math.floor(sy);
                            int x0 = (int) Math.floor(sx);
                            double wy = sy - y0;
                            double wx = sx - x0;
                            double g = gOut[p + y * width + x];
                            scatter(gIn, p, height, width, y0, x0, g * (1 - wx) * (1 - wy), fill);
                            scatter(gIn, p, height, width, y0, x0 + 1, g * wx * (1 - wy), fill);
                            scatter(gIn, p, height, width, y0 + 1, x0, g * (1 - wx) * wy, fill);
                            scatter(gIn, p, height, width, y0 + 1, x0 + 1, g * wx * wy, fill);
                        }
                    }
                }
            }
        }
    }

    /** The affine map {@code (a, b, c, d, e, f)} of a translation, rotation or zoom for image {@code n}, as {@link #apply} uses it. */
    private static double[] map(Augmentation a, long seed, int layer, int n, int height, int width) {
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        if (a instanceof Augmentation.Translation t) {
            double dy = Draws.symmetric(seed, layer, n, 0, t.height()) * height;
            double dx = Draws.symmetric(seed, layer, n, 1, t.width()) * width;
            return new double[] {1, 0, -dy, 0, 1, -dx};
        }
        if (a instanceof Augmentation.Rotation r) {
            double theta = Math.toRadians(Draws.symmetric(seed, layer, n, 0, r.degrees()));
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            return new double[] {cos, sin, cy - cos * cy - sin * cx, -sin, cos, cx + sin * cy - cos * cx};
        }
        double s = 1 + Draws.symmetric(seed, layer, n, 0, ((Augmentation.Zoom) a).value());
        return new double[] {s, 0, cy - s * cy, 0, s, cx - s * cx};
    }

    private static void scatter(double[] gIn, int p, int height, int width, int y, int x, double g, Augmentation.Fill fill) {
        if (y >= 0 && y < height && x >= 0 && x < width) {
            gIn[p + y * width + x] += g;
            return;
        }
        switch (fill) {
            case ZEROS -> { }
            case NEAREST -> gIn[p + clamp(y, height) * width + clamp(x, width)] += g;
            case REFLECT -> gIn[p + reflect(y, height) * width + reflect(x, width)] += g;
        }
    }

    /** The drawn parameters of {@code a} for image {@code n}, for tests and reports: {@code {value}} or {@code {a, b}}. */
    public static double[] parameters(Augmentation a, long seed, int layer, int n, int height, int width) {
        if (a instanceof Augmentation.Flip f) {
            return new double[] {
                    f.mode() != Augmentation.FlipMode.VERTICAL && Draws.uniform(seed, layer, n, 0) < 0.5 ? 1 : 0,
                    f.mode() != Augmentation.FlipMode.HORIZONTAL && Draws.uniform(seed, layer, n, 1) < 0.5 ? 1 : 0};
        }
        if (a instanceof Augmentation.Translation t) {
            return new double[] {Draws.symmetric(seed, layer, n, 0, t.height()) * height,
                    Draws.symmetric(seed, layer, n, 1, t.width()) * width};
        }
        if (a instanceof Augmentation.Rotation r) {
            return new double[] {Draws.symmetric(seed, layer, n, 0, r.degrees())};
        }
        if (a instanceof Augmentation.Zoom z) {
            return new double[] {1 + Draws.symmetric(seed, layer, n, 0, z.value())};
        }
        Augmentation.Contrast k = (Augmentation.Contrast) a;
        return new double[] {1 + Draws.symmetric(seed, layer, n, 0, k.value())};
    }

    /** out(y, x) = in(a y + b x + c, d y + e x + f), bilinear, filled outside. */
    private static void affine(double[] in, double[] out, int base, int channels, int height, int width, double a,
                               double b, double c, double d, double e, double f, Augmentation.Fill fill) {
        int plane = height * width;
        for (int ch = 0; ch < channels; ch++) {                 // each channel
            int p = base + ch * plane;
            for (int y = 0; y < height; y++) {                  // output rows
                for (int x = 0; x < width; x++) {               // output columns
                    double sy = a * y + b * x + c;
                    double sx = d * y + e * x + f;
                    out[p + y * width + x] = bilinear(in, p, height, width, sy, sx, fill);
                }
            }
        }
    }

    private static double bilinear(double[] in, int p, int height, int width, double sy, double sx,
                                   Augmentation.Fill fill) {
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        double wy = sy - y0;
        double wx = sx - x0;
        double v00 = pixel(in, p, height, width, y0, x0, fill);
        double v01 = pixel(in, p, height, width, y0, x0 + 1, fill);
        double v10 = pixel(in, p, height, width, y0 + 1, x0, fill);
        double v11 = pixel(in, p, height, width, y0 + 1, x0 + 1, fill);
        return (v00 * (1 - wx) + v01 * wx) * (1 - wy) + (v10 * (1 - wx) + v11 * wx) * wy;
    }

    private static double pixel(double[] in, int p, int height, int width, int y, int x, Augmentation.Fill fill) {
        if (y >= 0 && y < height && x >= 0 && x < width) {
            return in[p + y * width + x];
        }
        return switch (fill) {
            case ZEROS -> 0;
            case NEAREST -> in[p + clamp(y, height) * width + clamp(x, width)];
            case REFLECT -> in[p + reflect(y, height) * width + reflect(x, width)];
        };
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
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
