package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.FlipMode;
import dev.kiln.spec.Augment;
import dev.kiln.spec.Draws;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The augmentation reference: identities, draws that fill their ranges, and transforms checked by where a point goes. */
class ReferenceAugmentTest {
    private static final int N = 3;
    private static final int C = 2;
    private static final int H = 9;
    private static final int W = 11;

    private static double[] noise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[N * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble();
        }
        return x;
    }

    private static double[] apply(Augment a, double[] in, long seed) {
        double[] out = new double[in.length];
        ReferenceAugment.apply(a, in, out, N, C, H, W, seed, 0);
        return out;
    }

    @Test
    void zeroRangesAreTheIdentityAndFlippingTwiceRestoresThePicture() {
        double[] x = noise(1);
        for (FillMode fill : FillMode.values()) {
            assertArrayEquals(x, apply(new Augment.Rotation(0, fill), x, 7), fill.name());
            assertArrayEquals(x, apply(new Augment.Translation(0, 0, fill), x, 7), fill.name());
            assertArrayEquals(x, apply(new Augment.Zoom(0, fill), x, 7), fill.name());
        }
        for (FlipMode mode : FlipMode.values()) {
            double[] once = apply(new Augment.Flip(mode), x, 11);
            assertNotEquals(Arrays.toString(x), Arrays.toString(once), "some of the 3 images flip");
            assertArrayEquals(x, apply(new Augment.Flip(mode), once, 11), mode.name());
        }
        double[] contrast = apply(new Augment.Contrast(0), x, 3);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], contrast[i], 1e-15);
        }
    }

    @Test
    void drawsFillTheirRangesUniformlyAndDependOnlyOnSeedLayerAndImage() {
        int n = 20_000;
        double[] angles = new double[n];
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            angles[i] = ReferenceAugment.parameters(new Augment.Rotation(15, FillMode.ZEROS), 42, 0, i, H, W)[0];
            flipped += (int) ReferenceAugment.parameters(new Augment.Flip(FlipMode.HORIZONTAL), 42, 1, i, H, W)[0];
            double[] shift = ReferenceAugment.parameters(new Augment.Translation(0.1, 0.2, FillMode.ZEROS), 42, 2, i, H, W);
            assertTrue(Math.abs(shift[0]) <= 0.1 * H && Math.abs(shift[1]) <= 0.2 * W);
            double zoom = ReferenceAugment.parameters(new Augment.Zoom(0.25, FillMode.ZEROS), 42, 3, i, H, W)[0];
            assertTrue(zoom >= 0.75 && zoom <= 1.25, "zoom " + zoom);
        }
        double mean = Arrays.stream(angles).average().orElseThrow();
        double variance = Arrays.stream(angles).map(a -> (a - mean) * (a - mean)).sum() / n;
        assertTrue(Arrays.stream(angles).allMatch(a -> a >= -15 && a <= 15));
        // U(-15, 15): mean 0 (standard error 15 / sqrt(3 n) = 0.06), variance 15^2 / 3 = 75
        assertEquals(0, mean, 0.3);
        assertEquals(75, variance, 3);
        assertTrue(Arrays.stream(angles).min().orElseThrow() < -14.9 && Arrays.stream(angles).max().orElseThrow() > 14.9);
        // Bernoulli(1/2): standard error 0.0035
        assertEquals(0.5, flipped / (double) n, 0.02);
        assertEquals(Draws.uniform(5, 1, 2, 0), Draws.uniform(5, 1, 2, 0));
        assertNotEquals(Draws.uniform(5, 1, 2, 0), Draws.uniform(6, 1, 2, 0));
        assertNotEquals(Draws.uniform(5, 1, 2, 0), Draws.uniform(5, 2, 2, 0));
        assertNotEquals(Draws.uniform(5, 1, 2, 0), Draws.uniform(5, 1, 3, 0));
    }

    /** The centre of mass (y, x) of channel 0 of image {@code n}. */
    private static double[] centre(double[] x, int n) {
        double m = 0;
        double sy = 0;
        double sx = 0;
        for (int y = 0; y < H; y++) {
            for (int xx = 0; xx < W; xx++) {
                double v = x[n * C * H * W + y * W + xx];
                m += v;
                sy += v * y;
                sx += v * xx;
            }
        }
        return new double[] {sy / m, sx / m};
    }

    @Test
    void aPointMovesAsTheDrawnParametersSay() {
        // one bright pixel per image at (4, 7), away from every edge; the rest black
        double[] x = new double[N * C * H * W];
        for (int n = 0; n < N; n++) {
            x[n * C * H * W + 4 * W + 7] = 1;
        }
        double cy = (H - 1) / 2.0;
        double cx = (W - 1) / 2.0;
        for (long seed = 0; seed < 5; seed++) {
            Augment.Translation t = new Augment.Translation(0.2, 0.2, FillMode.ZEROS);
            double[] moved = apply(t, x, seed);
            for (int n = 0; n < N; n++) {
                double[] shift = ReferenceAugment.parameters(t, seed, 0, n, H, W);
                double[] c = centre(moved, n);
                // bilinear interpolation keeps a point's centre of mass where the shift puts it
                assertEquals(4 + shift[0], c[0], 1e-9, "dy");
                assertEquals(7 + shift[1], c[1], 1e-9, "dx");
            }
            Augment.Rotation r = new Augment.Rotation(30, FillMode.ZEROS);
            double[] turned = apply(r, x, seed);
            for (int n = 0; n < N; n++) {
                double degrees = ReferenceAugment.parameters(r, seed, 0, n, H, W)[0];
                double[] c = centre(turned, n);
                double before = Math.atan2(4 - cy, 7 - cx);
                double after = Math.atan2(c[0] - cy, c[1] - cx);
                double turnedBy = Math.toDegrees(Math.abs(after - before));
                // the angle is kept to within the smearing of one pixel at radius 2 (about 2 degrees)
                assertEquals(Math.abs(degrees), turnedBy, 2.5, "rotation by " + degrees);
            }
            Augment.Zoom z = new Augment.Zoom(0.3, FillMode.ZEROS);
            double[] zoomed = apply(z, x, seed);
            for (int n = 0; n < N; n++) {
                double s = ReferenceAugment.parameters(z, seed, 0, n, H, W)[0];
                double[] c = centre(zoomed, n);
                // zooming out by s moves a point towards the centre by 1 / s (within half a pixel: s > 1 samples a narrower tent)
                assertEquals(cx + (7 - cx) / s, c[1], 0.55, "zoom " + s);
            }
        }
    }

    @Test
    void fillModesReadOutsideThePictureAsTheirNamesSay() {
        assertEquals(1, ReferenceAugment.reflect(-1, 5));
        assertEquals(3, ReferenceAugment.reflect(5, 5));
        assertEquals(0, ReferenceAugment.reflect(8, 5));
        assertEquals(0, ReferenceAugment.reflect(-3, 1));
        // a constant picture stays constant under any geometric transform with nearest or reflect fill
        double[] grey = new double[N * C * H * W];
        Arrays.fill(grey, 0.25);
        for (FillMode fill : new FillMode[] {FillMode.NEAREST, FillMode.REFLECT}) {
            for (double v : apply(new Augment.Rotation(40, fill), grey, 3)) {
                assertEquals(0.25, v, 1e-12);
            }
        }
        // and loses mass with zeros once anything is moved in from outside
        double sum = Arrays.stream(apply(new Augment.Translation(0.3, 0.3, FillMode.ZEROS), grey, 3)).sum();
        assertTrue(sum < 0.25 * grey.length, "zeros came in: " + sum);
    }

    @Test
    void contrastScalesTheDeviationFromEachChannelsMean() {
        double[] x = noise(9);
        Augment.Contrast k = new Augment.Contrast(0.5);
        double[] y = apply(k, x, 4);
        int plane = H * W;
        for (int n = 0; n < N; n++) {
            double f = ReferenceAugment.parameters(k, 4, 0, n, H, W)[0];
            assertTrue(f >= 0.5 && f <= 1.5);
            for (int c = 0; c < C; c++) {
                int base = (n * C + c) * plane;
                double mean = Arrays.stream(x, base, base + plane).average().orElseThrow();
                assertEquals(mean, Arrays.stream(y, base, base + plane).average().orElseThrow(), 1e-12);
                assertEquals((x[base + 5] - mean) * f, y[base + 5] - mean, 1e-12);
            }
        }
    }
}
