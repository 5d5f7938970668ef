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
            // rows of d: d[r][q] at p(4r + q); first down the columns (B^T d), four columns at a time
            FloatVector d0 = FloatVector.fromArray(S, src, p0 + t), d4 = FloatVector.fromArray(S, src, p4 + t);
            FloatVector d8 = FloatVector.fromArray(S, src, p8 + t), d12 = FloatVector.fromArray(S, src, p12 + t);
            FloatVector e0 = d0.sub(d8), e4 = d4.add(d8), e8 = d8.sub(d4), e12 = d4.sub(d12);
            FloatVector d1 = FloatVector.fromArray(S, src, p1 + t), d5 = FloatVector.fromArray(S, src, p5 + t);
            FloatVector d9 = FloatVector.fromArray(S, src, p9 + t), d13 = FloatVector.fromArray(S, src, p13 + t);
            FloatVector e1 = d1.sub(d9), e5 = d5.add(d9), e9 = d9.sub(d5), e13 = d5.sub(d13);
            FloatVector d2 = FloatVector.fromArray(S, src, p2 + t), d6 = FloatVector.fromArray(S, src, p6 + t);
            FloatVector d10 = FloatVector.fromArray(S, src, p10 + t), d14 = FloatVector.fromArray(S, src, p14 + t);
            FloatVector e2 = d2.sub(d10), e6 = d6.add(d10), e10 = d10.sub(d6), e14 = d6.sub(d14);
            FloatVector d3 = FloatVector.fromArray(S, src, p3 + t), d7 = FloatVector.fromArray(S, src, p7 + t);
            FloatVector d11 = FloatVector.fromArray(S, src, p11 + t), d15 = FloatVector.fromArray(S, src, p15 + t);
            FloatVector e3 = d3.sub(d11), e7 = d7.add(d11), e11 = d11.sub(d7), e15 = d7.sub(d15);
            // then along each row of e (. B)
            int o = vOff + t;
            row(e0, e1, e2, e3, v, o, xiStride);
            row(e4, e5, e6, e7, v, o + 4 * xiStride, xiStride);
            row(e8, e9, e10, e11, v, o + 8 * xiStride, xiStride);
            row(e12, e13, e14, e15, v, o + 12 * xiStride, xiStride);
        }
    }

    private static void row(FloatVector a, FloatVector b, FloatVector c, FloatVector d, float[] v, int o, int xiStride) {
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
