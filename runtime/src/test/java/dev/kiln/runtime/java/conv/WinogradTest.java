package dev.kiln.runtime.java.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Winograd3x3} against {@link ConvReference} per element, on 3x3 stride-1 shapes with odd and even
 * sizes, padding on each side (zeros and replicate), a batch whose tiles fill several blocks, and split
 * into parts. Its rounding is worse than the direct convolution's: the tolerance is {@code atol + rtol |ref|}
 * with {@code atol} scaled by the sum of the products' magnitudes, and the test states the worst error seen,
 * beside the direct convolution's on the same shapes.
 */
class WinogradTest {
    private static final double RTOL = 1e-4;
    /** Allowed error per unit of {@code sum |w x|}: float epsilon (6e-8) times a margin for the transforms' additions. */
    private static final double ATOL_PER_MAGNITUDE = 2e-6;

    @Test
    void matchesTheReferenceOnThreeByThreeShapes() {
        Random r = new Random(21);
        List<ConvShape> shapes = List.of(
                ConvShape.of(3, 9, 9, 8, 3, 1, 1),
                ConvShape.of(16, 14, 14, 13, 3, 1, 1),
                ConvShape.of(7, 7, 7, 70, 3, 1, 1),
                ConvShape.of(5, 12, 11, 6, 3, 1, 0),
                ConvShape.of(300, 5, 6, 7, 3, 1, 1),
                new ConvShape(4, 10, 9, 6, 1, 3, 3, 1, 1, 2, 0, 1, 2, 1, 1, false),
                new ConvShape(4, 8, 13, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, true),
                ConvShape.of(64, 28, 28, 64, 3, 1, 1));
        double worst = 0;
        double worstDirect = 0;
        for (ConvShape s : shapes) {
            double[] errors = check(s, r);
            worst = Math.max(worst, errors[0]);
            worstDirect = Math.max(worstDirect, errors[1]);
        }
        System.out.printf("Winograd F(2x2, 3x3): worst |error| / sum|w x| = %.2e (direct convolution on the same shapes: %.2e)%n",
                worst, worstDirect);
        assertTrue(worst < ATOL_PER_MAGNITUDE, "worst relative error " + worst);
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** {worst Winograd error, worst direct error}, each over {@code sum |w x|} of the element. */
    private static double[] check(ConvShape s, Random r) {
        Winograd3x3 wino = new Winograd3x3(s);
        int batch = 2 + r.nextInt(3);
        float[] w = random(r, 1 + s.filters() * s.k());
        float[] bias = random(r, s.filters());
        float[] in = random(r, batch * s.inSize());
        float[] res = random(r, batch * s.outSize());
        boolean relu = r.nextBoolean();
        float[] u = new float[wino.transformedWeightFloats()];
        wino.transformWeights(w, 1, u, 0);
        float[] out = new float[batch * s.outSize()];
        wino.forward(u, 0, bias, 0, in, 0, out, 0, res, 0, relu, 0, batch, 0, 1, wino.newWorkspace());
        float[] direct = new float[out.length];
        Convolution conv = new Convolution(s);
        conv.forward(w, 1, bias, 0, in, 0, direct, 0, res, 0, relu, 0, batch, 0, 1, conv.newWorkspace(false));
        double[] ref = ConvReference.forward(s, w, 1, bias, 0, in, 0, batch);
        double[] magnitude = ConvReference.magnitude(s, w, 1, in, 0, batch);
        double worst = 0;
        double worstDirect = 0;
        for (int i = 0; i < ref.length; i++) {
            double v = ref[i] + res[i];
            double mag = magnitude[i] + Math.abs(res[i]) + Math.abs(bias[(i / (s.outH() * s.outW())) % s.filters()]);
            if (relu) {
                v = Math.max(0, v);
            }
            double tol = ATOL_PER_MAGNITUDE * mag + RTOL * Math.abs(v);
            if (!(Math.abs(out[i] - v) <= tol)) {
                fail(s + " Winograd at " + i + ": expected " + v + " but was " + out[i] + " (tolerance " + tol + ")");
            }
            worst = Math.max(worst, Math.abs(out[i] - v) / mag);
            worstDirect = Math.max(worstDirect, Math.abs(direct[i] - v) / mag);
        }
        for (int parts : new int[] {2, 3}) {
            float[] split = new float[out.length];
            for (int p = 0; p < parts; p++) {
                wino.forward(u, 0, bias, 0, in, 0, split, 0, res, 0, relu, 0, batch, p, parts, wino.newWorkspace());
            }
            assertArrayEquals(out, split, s + " in " + parts + " parts");
        }
        return new double[] {worst, worstDirect};
    }
}
