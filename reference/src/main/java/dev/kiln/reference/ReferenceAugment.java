package dev.kiln.reference;

import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.FlipMode;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.Draws;
import dev.kiln.spec.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * An augmentation layer: in training its {@link Augment} applied to a batch of {@code (N, C, H, W)}
 * pictures in double precision, the naive way: for every output pixel, the inverse transform gives
 * the source point, read bilinearly (pixel centres at integer coordinates) with the fill mode outside
 * the picture. The random values come from {@link Draws}, keyed by the step's seed, the layer's
 * index and the image. At inference it is the identity.
 */
public final class ReferenceAugment implements ReferenceLayer {
    private final AugmentOp layer;
    private final LayerCall call;

    ReferenceAugment(AugmentOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        if (!call.training()) {
            System.arraycopy(xs.get(0), 0, z, 0, z.length);
        } else {
            Shape in = layer.input();
            apply(layer.transform(), xs.get(0), z, call.batch(), in.channels(), in.height(), in.width(), call.seed(), call.index());
        }
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        if (!call.training()) {
            System.arraycopy(dz, 0, dxs.get(0), 0, dxs.get(0).length);
        } else {
            Shape in = layer.input();
            backward(layer.transform(), dz, dxs.get(0), call.batch(), in.channels(), in.height(), in.width(), call.seed(),
                    call.index());
        }
    }

    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        if (!call.training()) {
            System.arraycopy(exs.get(0), 0, ez, 0, ez.length);
        } else {
            double[] scale = ReferenceScales.plus(bound(exs.get(0), xs.get(0)), ReferenceScales.abs(z));
            System.arraycopy(scale, 0, ez, 0, ez.length);
        }
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        double[] edx = edxs.get(0);
        if (!call.training()) {
            System.arraycopy(edz, 0, edx, 0, edx.length);
        } else {
            System.arraycopy(ReferenceScales.plus(bound(edz, dz), ReferenceScales.abs(dxs.get(0))), 0, edx, 0, edx.length);
        }
    }

    /**
     * An error scale through an augmentation, per image: every output element is a combination of the image's
     * elements whose coefficients' magnitudes sum to at most 3 (interpolation weights sum to at most 1; contrast
     * {@code f x + (1 - f) mean} with {@code 0 <= f < 2} gives {@code |f| + |1 - f| <= 3}), so three times the image's
     * largest scale bounds what the input's own error becomes. The sampling coordinates are computed in float:
     * a coordinate of magnitude up to {@code height + width} off by its rounding moves an interpolated value by
     * up to that many roundings of the image's largest value, which the second term bounds.
     */
    private double[] bound(double[] scale, double[] values) {
        int extent = layer.input().height() + layer.input().width();
        int batch = call.batch();
        double[] bound = new double[scale.length];
        int per = scale.length / batch;
        // each image: its largest scale and value
        for (int n = 0; n < batch; n++) {
            double maxScale = 0;
            double maxValue = 0;
            for (int j = n * per; j < (n + 1) * per; j++) {
                maxScale = Math.max(maxScale, scale[j]);
                maxValue = Math.max(maxValue, Math.abs(values[j]));
            }
            Arrays.fill(bound, n * per, (n + 1) * per, 3 * maxScale + 3.0 * extent * maxValue);
        }
        return bound;
    }

    /**
     * Writes the augmented batch into {@code out} (same layout as {@code in}); {@code layer} is the
     * augmentation's position in the network, so that stacked ones draw different values.
     */
    public static void apply(Augment a, double[] in, double[] out, int batch, int channels, int height, int width,
                             long seed, int layer) {
        int plane = height * width;
        int size = channels * plane;
        for (int n = 0; n < batch; n++) {                       // each image
            int base = n * size;
            if (a instanceof Augment.Flip f) {
                boolean horizontal = f.mode() != FlipMode.VERTICAL && Draws.uniform(seed, layer, n, 0) < 0.5;
                boolean vertical = f.mode() != FlipMode.HORIZONTAL && Draws.uniform(seed, layer, n, 1) < 0.5;
                for (int c = 0; c < channels; c++) {        // each channel
                    for (int y = 0; y < height; y++) {      // output rows
                        for (int x = 0; x < width; x++) {   // output columns
                            int sy = vertical ? height - 1 - y : y;
                            int sx = horizontal ? width - 1 - x : x;
                            out[base + c * plane + y * width + x] = in[base + c * plane + sy * width + sx];
                        }
                    }
                }
            } else if (a instanceof Augment.Translation t) {
                double dy = Draws.symmetric(seed, layer, n, 0, t.height()) * height;
                double dx = Draws.symmetric(seed, layer, n, 1, t.width()) * width;
                // output (y, x) shows source (y - dy, x - dx)
                affine(in, out, base, channels, height, width, 1, 0, -dy, 0, 1, -dx, t.fill());
            } else if (a instanceof Augment.Rotation r) {
                double theta = Math.toRadians(Draws.symmetric(seed, layer, n, 0, r.degrees()));
                double cy = (height - 1) / 2.0;
                double cx = (width - 1) / 2.0;
                double cos = Math.cos(theta);
                double sin = Math.sin(theta);
                // source = R (output - centre) + centre, R a rotation by theta (its sign is immaterial: theta is symmetric)
                affine(in, out, base, channels, height, width, cos, sin, cy - cos * cy - sin * cx, -sin, cos,
                        cx + sin * cy - cos * cx, r.fill());
            } else if (a instanceof Augment.Zoom z) {
                double s = 1 + Draws.symmetric(seed, layer, n, 0, z.value());
                double cy = (height - 1) / 2.0;
                double cx = (width - 1) / 2.0;
                // zooming out by s: source = (output - centre) * s + centre
                affine(in, out, base, channels, height, width, s, 0, cy - s * cy, 0, s, cx - s * cx, z.fill());
            } else if (a instanceof Augment.Contrast k) {
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
    public static void backward(Augment a, double[] gOut, double[] gIn, int batch, int channels, int height,
                                int width, long seed, int layer) {
        int plane = height * width;
        int size = channels * plane;
        Arrays.fill(gIn, 0, batch * size, 0);
        for (int n = 0; n < batch; n++) {                       // each image
            int base = n * size;
            if (a instanceof Augment.Flip) {
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
            } else if (a instanceof Augment.Contrast) {
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
                FillMode fill = a instanceof Augment.Translation t ? t.fill()
                        : a instanceof Augment.Rotation r ? r.fill() : ((Augment.Zoom) a).fill();
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
    private static double[] map(Augment a, long seed, int layer, int n, int height, int width) {
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        if (a instanceof Augment.Translation t) {
            double dy = Draws.symmetric(seed, layer, n, 0, t.height()) * height;
            double dx = Draws.symmetric(seed, layer, n, 1, t.width()) * width;
            return new double[] {1, 0, -dy, 0, 1, -dx};
        }
        if (a instanceof Augment.Rotation r) {
            double theta = Math.toRadians(Draws.symmetric(seed, layer, n, 0, r.degrees()));
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            return new double[] {cos, sin, cy - cos * cy - sin * cx, -sin, cos, cx + sin * cy - cos * cx};
        }
        double s = 1 + Draws.symmetric(seed, layer, n, 0, ((Augment.Zoom) a).value());
        return new double[] {s, 0, cy - s * cy, 0, s, cx - s * cx};
    }

    private static void scatter(double[] gIn, int p, int height, int width, int y, int x, double g, FillMode fill) {
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
    public static double[] parameters(Augment a, long seed, int layer, int n, int height, int width) {
        if (a instanceof Augment.Flip f) {
            return new double[] {
                    f.mode() != FlipMode.VERTICAL && Draws.uniform(seed, layer, n, 0) < 0.5 ? 1 : 0,
                    f.mode() != FlipMode.HORIZONTAL && Draws.uniform(seed, layer, n, 1) < 0.5 ? 1 : 0};
        }
        if (a instanceof Augment.Translation t) {
            return new double[] {Draws.symmetric(seed, layer, n, 0, t.height()) * height,
                    Draws.symmetric(seed, layer, n, 1, t.width()) * width};
        }
        if (a instanceof Augment.Rotation r) {
            return new double[] {Draws.symmetric(seed, layer, n, 0, r.degrees())};
        }
        if (a instanceof Augment.Zoom z) {
            return new double[] {1 + Draws.symmetric(seed, layer, n, 0, z.value())};
        }
        Augment.Contrast k = (Augment.Contrast) a;
        return new double[] {1 + Draws.symmetric(seed, layer, n, 0, k.value())};
    }

    /** out(y, x) = in(a y + b x + c, d y + e x + f), bilinear, filled outside. */
    private static void affine(double[] in, double[] out, int base, int channels, int height, int width, double a,
                               double b, double c, double d, double e, double f, FillMode fill) {
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
                                   FillMode fill) {
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

    private static double pixel(double[] in, int p, int height, int width, int y, int x, FillMode fill) {
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
