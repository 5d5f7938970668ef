package dev.kiln.runtime.java.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link WinogradTransforms} in Vector API lanes, one vector of tiles at a time; loaded only with the module. */
final class VectorWinograd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorWinograd() {
    }

    static void input(float[] src, int base, int[] patch, float[] v, int vOff, int xiStride, int len) {
        int p0 = base + patch[0], p1 = base + patch[1], p2 = base + patch[2], p3 = base + patch[3];
        int p4 = base + patch[4], p5 = base + patch[5], p6 = base + patch[6], p7 = base + patch[7];
        int p8 = base + patch[8], p9 = base + patch[9], p10 = base + patch[10], p11 = base + patch[11];
        int p12 = base + patch[12], p13 = base + patch[13], p14 = base + patch[14], p15 = base + patch[15];
        for (int t = 0; t < len; t += L) {
            // d[r][q] at p(4r + q). Row r of e = B^T d, then along that row (. B), one row per call: a method of all 16 loads
            // and 4 rows was beyond C2's inlining budget, so its vectors were boxed (28 MB per ResNet-18 training step)
            int o = vOff + t;
            difference(src, p0 + t, p1 + t, p2 + t, p3 + t, p8 + t, p9 + t, p10 + t, p11 + t, v, o, xiStride);
            sum(src, p4 + t, p5 + t, p6 + t, p7 + t, p8 + t, p9 + t, p10 + t, p11 + t, v, o + 4 * xiStride, xiStride);
            difference(src, p8 + t, p9 + t, p10 + t, p11 + t, p4 + t, p5 + t, p6 + t, p7 + t, v, o + 8 * xiStride, xiStride);
            difference(src, p4 + t, p5 + t, p6 + t, p7 + t, p12 + t, p13 + t, p14 + t, p15 + t, v, o + 12 * xiStride, xiStride);
        }
    }

    /** A row {@code e[q] = d[x_q] - d[y_q]} of {@code B^T d}, then along it. */
    private static void difference(float[] src, int x0, int x1, int x2, int x3, int y0, int y1, int y2, int y3, float[] v, int o,
                                   int xiStride) {
        FloatVector a = FloatVector.fromArray(S, src, x0).sub(FloatVector.fromArray(S, src, y0));
        FloatVector b = FloatVector.fromArray(S, src, x1).sub(FloatVector.fromArray(S, src, y1));
        FloatVector c = FloatVector.fromArray(S, src, x2).sub(FloatVector.fromArray(S, src, y2));
        FloatVector d = FloatVector.fromArray(S, src, x3).sub(FloatVector.fromArray(S, src, y3));
        a.sub(c).intoArray(v, o);
        b.add(c).intoArray(v, o + xiStride);
        c.sub(b).intoArray(v, o + 2 * xiStride);
        b.sub(d).intoArray(v, o + 3 * xiStride);
    }

    /** A row {@code e[q] = d[x_q] + d[y_q]} of {@code B^T d}, then along it. */
    private static void sum(float[] src, int x0, int x1, int x2, int x3, int y0, int y1, int y2, int y3, float[] v, int o,
                            int xiStride) {
        FloatVector a = FloatVector.fromArray(S, src, x0).add(FloatVector.fromArray(S, src, y0));
        FloatVector b = FloatVector.fromArray(S, src, x1).add(FloatVector.fromArray(S, src, y1));
        FloatVector c = FloatVector.fromArray(S, src, x2).add(FloatVector.fromArray(S, src, y2));
        FloatVector d = FloatVector.fromArray(S, src, x3).add(FloatVector.fromArray(S, src, y3));
        a.sub(c).intoArray(v, o);
        b.add(c).intoArray(v, o + xiStride);
        c.sub(b).intoArray(v, o + 2 * xiStride);
        b.sub(d).intoArray(v, o + 3 * xiStride);
    }

    static void output(float[] p, int off, int xiStride, float[] y, int stride, int len) {
        for (int t = 0; t < len; t += L) {
            int o = off + t;
            FloatVector a0 = col0(p, o, xiStride), a1 = col0(p, o + xiStride, xiStride);
            FloatVector a2 = col0(p, o + 2 * xiStride, xiStride), a3 = col0(p, o + 3 * xiStride, xiStride);
            a0.add(a1).add(a2).intoArray(y, t);
            a1.sub(a2).sub(a3).intoArray(y, stride + t);
            FloatVector b0 = col1(p, o, xiStride), b1 = col1(p, o + xiStride, xiStride);
            FloatVector b2 = col1(p, o + 2 * xiStride, xiStride), b3 = col1(p, o + 3 * xiStride, xiStride);
            b0.add(b1).add(b2).intoArray(y, 2 * stride + t);
            b1.sub(b2).sub(b3).intoArray(y, 3 * stride + t);
        }
    }

    /** {@code (m0j + m1j) + m2j} of column {@code j} (rows of M are 4 xi apart). */
    private static FloatVector col0(float[] p, int o, int xiStride) {
        return FloatVector.fromArray(S, p, o).add(FloatVector.fromArray(S, p, o + 4 * xiStride))
                .add(FloatVector.fromArray(S, p, o + 8 * xiStride));
    }

    /** {@code (m1j - m2j) - m3j} of column {@code j}. */
    private static FloatVector col1(float[] p, int o, int xiStride) {
        return FloatVector.fromArray(S, p, o + 4 * xiStride).sub(FloatVector.fromArray(S, p, o + 8 * xiStride))
                .sub(FloatVector.fromArray(S, p, o + 12 * xiStride));
    }
}
