package dev.kiln.runtime.java.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Convolution} against {@link ConvReference} (nested loops in double), per element with a
 * tolerance of {@code atol + rtol |ref|}, for forward (bias, residual, ReLU), the input gradient and
 * the weight and bias gradients, on random shapes (strides, padding on each side, dilation, replicate
 * padding, groups, depthwise, odd sizes, channels and filters that are not multiples of the tile or
 * vector sizes) and on ResNet's shapes at a small size. Splitting a layer into parts must give the same
 * bits as one part.
 */
class ConvolutionTest {
    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-4;

    /** Shapes chosen for their edges: 1x1 without padding (the input read in place), stride 2 phases, replicate, groups. */
    private static List<ConvShape> chosen() {
        List<ConvShape> out = new ArrayList<>();
        out.add(ConvShape.of(3, 9, 9, 8, 3, 1, 1));
        out.add(ConvShape.of(16, 14, 14, 24, 1, 1, 0));    // identity source, q-space = output
        out.add(ConvShape.of(8, 8, 8, 12, 1, 1, 0));       // q = 64: exactly one panel on AVX-512
        out.add(ConvShape.of(16, 14, 14, 32, 1, 2, 0));    // 1x1 stride 2 (ResNet's downsample)
        out.add(ConvShape.of(3, 23, 23, 16, 7, 2, 3));     // ResNet's stem, small
        out.add(ConvShape.of(13, 11, 10, 7, 3, 2, 1));     // stride 2 on odd sizes
        out.add(ConvShape.of(6, 7, 7, 70, 3, 1, 1));       // filters past a tile edge, small plane
        out.add(ConvShape.of(40, 5, 5, 9, 3, 1, 0));       // valid conv
        out.add(ConvShape.of(300, 4, 4, 10, 1, 1, 0));     // K past one reduction block
        out.add(ConvShape.of(70, 6, 6, 13, 3, 1, 1));      // K = 630: three reduction blocks
        out.add(new ConvShape(5, 9, 12, 11, 1, 3, 2, 2, 3, 0, 1, 2, 1, 2, 1, false));   // asymmetric everything, dilation
        out.add(new ConvShape(4, 10, 9, 6, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, true));     // replicate
        out.add(new ConvShape(4, 10, 9, 6, 1, 3, 3, 2, 1, 2, 0, 1, 3, 1, 2, true));     // replicate, stride, dilation
        out.add(ConvShape.of(12, 9, 9, 18, 3, 1, 1).withGroups(3));
        out.add(ConvShape.of(16, 12, 12, 16, 3, 1, 1).withGroups(16));                  // depthwise
        out.add(ConvShape.of(16, 13, 13, 32, 3, 2, 1).withGroups(16));                  // depthwise, multiplier 2, stride 2
        out.add(new ConvShape(8, 11, 11, 8, 8, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, true));    // depthwise 5x5 replicate
        out.add(ConvShape.of(64, 14, 14, 64, 3, 1, 1));    // ResNet layer shapes, small planes
        out.add(ConvShape.of(64, 7, 7, 128, 3, 2, 1));
        return out;
    }

    private static ConvShape randomShape(Random r) {
        int groups = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 1;
        int cg = 1 + r.nextInt(9);
        int mg = 1 + r.nextInt(15);
        if (r.nextInt(5) == 0) {
            groups = 2 + r.nextInt(6);
            cg = 1;
            mg = 1 + r.nextInt(2);
        }
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        int dh = 1 + r.nextInt(2);
        int dw = 1 + r.nextInt(2);
        int pt = r.nextInt(3);
        int pb = r.nextInt(3);
        int pl = r.nextInt(3);
        int pr = r.nextInt(3);
        int h = Math.max(1, dh * (kh - 1) + 1 - pt - pb) + r.nextInt(12);
        int w = Math.max(1, dw * (kw - 1) + 1 - pl - pr) + r.nextInt(12);
        return new ConvShape(groups * cg, h, w, groups * mg, groups, kh, kw, 1 + r.nextInt(3), 1 + r.nextInt(3),
                pt, pb, pl, pr, dh, dw, r.nextInt(4) == 0);
    }

    @Test
    void chosenShapesMatchTheReference() {
        Random r = new Random(11);
        for (ConvShape s : chosen()) {
            check(s, r);
        }
    }

    @Test
    void randomShapesMatchTheReference() {
        Random r = new Random(5);
        for (int i = 0; i < 40; i++) {
            check(randomShape(r), r);
        }
    }

    /**
     * One workspace for every layer ({@link ConvWorkspace#forAll}), as a generated pass shares it between the layers a
     * worker runs one after another: each call gives the same bits as on a fresh workspace, whatever ran before.
     */
    @Test
    void aSharedWorkspaceGivesTheSameBitsAsAFreshOne() {
        Random r = new Random(17);
        List<Convolution> convs = new ArrayList<>();
        for (ConvShape s : chosen()) {
            convs.add(new Convolution(s));
            if (s.groups() == 1) {
                convs.add(new Convolution(s, Convolution.Method.TRANSPOSED));
            }
            if (Winograd3x3.applies(s)) {
                convs.add(new Convolution(s, Convolution.Method.WINOGRAD));
            }
        }
        ConvWorkspace shared = ConvWorkspace.forAll(true, convs.toArray(new Convolution[0]));
        for (int pass = 0; pass < 2; pass++) {
            for (Convolution c : convs) {
                ConvShape s = c.shape();
                int batch = 2;
                float[] w = random(r, s.filters() * s.k());
                float[] prepared = new float[Math.max(1, c.preparedWeightFloats())];
                c.prepareWeights(w, 0, prepared, 0);
                float[] fw = c.method() == Convolution.Method.DIRECT ? w : prepared;
                float[] in = random(r, batch * s.inSize());
                float[] dy = random(r, batch * s.outSize());
                float[][] fresh = run(c, fw, w, in, dy, batch, c.newWorkspace(true));
                float[][] reused = run(c, fw, w, in, dy, batch, shared);
                for (int i = 0; i < fresh.length; i++) {
                    assertArrayEquals(fresh[i], reused[i], s + " " + c.method() + " result " + i + " on the shared workspace");
                }
            }
        }
    }

    /** {forward, input gradient, weight gradient} of one call each. */
    private static float[][] run(Convolution c, float[] fw, float[] w, float[] in, float[] dy, int batch, ConvWorkspace ws) {
        ConvShape s = c.shape();
        float[] out = new float[batch * s.outSize()];
        c.forward(fw, 0, null, 0, in, 0, out, 0, null, 0, true, 0, batch, 0, 1, ws);
        float[] dx = new float[batch * s.inSize()];
        c.backwardInput(w, 0, dy, 0, dx, 0, 0, batch, 0, 1, ws);
        float[] dw = new float[w.length];
        c.backwardWeights(in, 0, dy, 0, dw, 0, null, 0, 0, batch, ws);
        return new float[][] {out, dx, dw};
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    private static void check(ConvShape s, Random r) {
        int batch = 1 + r.nextInt(3);
        int inOff = r.nextInt(3);
        int outOff = r.nextInt(3);
        Convolution conv = new Convolution(s);
        int wSize = s.filters() * s.k();
        float[] w = random(r, 2 + wSize);
        float[] bias = random(r, 1 + s.filters());
        // exactly as long as the images need, so that reading past the last one would fail
        float[] in = random(r, inOff + batch * s.inSize());
        float[] res = random(r, outOff + batch * s.outSize());
        boolean relu = r.nextBoolean();
        boolean withRes = r.nextBoolean();
        boolean withBias = r.nextBoolean();

        float[] out = new float[outOff + batch * s.outSize()];
        conv.forward(w, 2, withBias ? bias : null, 1, in, inOff, out, outOff, withRes ? res : null, outOff, relu, 0, batch, 0, 1,
                conv.newWorkspace(false));
        double[] ref = ConvReference.forward(s, w, 2, withBias ? bias : null, 1, in, inOff, batch);
        for (int i = 0; i < ref.length; i++) {
            double v = ref[i] + (withRes ? res[outOff + i] : 0);
            if (relu) {
                v = Math.max(0, v);
            }
            near(v, out[outOff + i], s + " forward at " + i);
        }
        for (int parts : new int[] {2, 5}) {
            float[] split = new float[out.length];
            for (int p = 0; p < parts; p++) {
                conv.forward(w, 2, withBias ? bias : null, 1, in, inOff, split, outOff, withRes ? res : null, outOff, relu, 0, batch,
                        p, parts, conv.newWorkspace(false));
            }
            assertArrayEquals(out, split, s + " forward in " + parts + " parts");
        }
        // the other forward methods, on their prepared weights, against the same reference (Winograd has WinogradTest)
        if (s.groups() == 1) {
            Convolution t = new Convolution(s, Convolution.Method.TRANSPOSED);
            float[] prepared = random(r, 3 + t.preparedWeightFloats());
            t.prepareWeights(w, 2, prepared, 3);
            float[] tout = new float[out.length];
            for (int p = 0; p < 2; p++) {
                t.forward(prepared, 3, withBias ? bias : null, 1, in, inOff, tout, outOff, withRes ? res : null, outOff, relu, 0, batch,
                        p, 2, t.newWorkspace(false));
            }
            for (int i = 0; i < ref.length; i++) {
                double v = ref[i] + (withRes ? res[outOff + i] : 0);
                near(relu ? Math.max(0, v) : v, tout[outOff + i], s + " transposed forward at " + i);
            }
        }

        float[] dy = random(r, outOff + batch * s.outSize());
        float[] dx = random(r, inOff + batch * s.inSize());
        ConvWorkspace ws = conv.newWorkspace(true);
        conv.backwardInput(w, 2, dy, outOff, dx, inOff, 0, batch, 0, 1, ws);
        double[] dxRef = ConvReference.inputGradient(s, w, 2, dy, outOff, batch);
        for (int i = 0; i < dxRef.length; i++) {
            near(dxRef[i], dx[inOff + i], s + " input gradient at " + i);
        }
        for (int parts : new int[] {2, 3}) {
            float[] split = random(r, dx.length);
            System.arraycopy(dx, 0, split, 0, inOff);
            for (int p = 0; p < parts; p++) {
                conv.backwardInput(w, 2, dy, outOff, split, inOff, 0, batch, p, parts, conv.newWorkspace(true));
            }
            assertArrayEquals(dx, split, s + " input gradient in " + parts + " parts");
        }

        float[] dw = random(r, 3 + wSize);
        float[] db = random(r, s.filters());
        float[] dw0 = dw.clone();
        float[] db0 = db.clone();
        conv.backwardWeights(in, inOff, dy, outOff, dw, 3, db, 0, 0, batch, ws);
        double[][] gradRef = ConvReference.weightGradients(s, in, inOff, dy, outOff, batch);
        for (int i = 0; i < wSize; i++) {
            near(dw0[3 + i] + gradRef[0][i], dw[3 + i], s + " weight gradient at " + i);
        }
        for (int m = 0; m < s.filters(); m++) {
            near(db0[m] + gradRef[1][m], db[m], s + " bias gradient at " + m);
        }
        assertEquals(dw0[0], dw[0]);
    }

    private static void near(double expected, float actual, String what) {
        double tol = ATOL + RTOL * Math.abs(expected);
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " but was " + actual + " (tolerance " + tol + ")");
        }
    }
}
