package dev.kiln.runtime.java;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s Vector API micro-kernels; loaded only when the {@code jdk.incubator.vector} module is
 * present. Register blocking: a 4 x (2 vectors) tile of the output is accumulated in eight vector
 * registers while the reduction dimension is walked once, so each loaded vector feeds four FMAs and
 * each broadcast weight two. Ragged edges overlap the previous block (recomputing a few elements bit for
 * bit) rather than use masks: masked loads and stores are not intrinsics on JDK 17 everywhere and would
 * allocate; only matrices narrower than a vector fall back to scalar FMAs.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Zero, for the fused ReLU {@code relu ? ZERO.blend(c, c > 0) : c} (NaN becomes 0, as {@code z > 0f ? z : 0f}
     * does), written out at each store: a vector passed to a helper that C2 does not inline is boxed.
     */
    private static final FloatVector ZERO = FloatVector.zero(S);

    private VectorGemm() {
    }

    static String describe() {
        return "Vector API (" + L + " fp32 lanes, " + S.vectorBitSize() + "-bit)";
    }

    private static float bias(float[] bias, int at) {
        return bias == null ? 0f : bias[at];
    }

    /**
     * Every output element is {@code bias} followed by one FMA per {@code kk} in order, whichever block
     * computes it, so blocks may overlap: where {@code m >= 4} the last row block is moved up to end at
     * row {@code m} and where {@code p >= L} the last column vector is moved left to end at column
     * {@code p}, recomputing a few elements bit for bit instead of running scalar FMA chains (a
     * dependent chain per element costs about as much as the whole vector part for {@code p = 196}).
     */
    static void weightsTimesRows(float[] a, int aOff, int m, int k, float[][] rows, int p,
                                 float[] bias, int biasOff, float[] out, int outOff, boolean relu) {
        if (m >= 4) {
            for (int i = 0; i < m; i += 4) {
                int top = Math.min(i, m - 4);
                fourRows(a, aOff + top * k, k, rows, p, bias, biasOff + top, out, outOff + top * p, relu);
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            oneRow(a, aOff + i * k, k, rows, p, bias(bias, biasOff + i), out, outOff + i * p, relu);
        }
    }



    /** Rows {@code [0, 4)} of the output from weights at {@code w0}: 4 x (2 vectors) tiles, then one vector, then the overlapped tail. */
    private static void fourRows(float[] a, int w0, int k, float[][] rows, int p, float[] bias, int biasAt, float[] out, int o0,
                                 boolean relu) {
        int w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
        float b0 = bias(bias, biasAt), b1 = bias(bias, biasAt + 1);
        float b2 = bias(bias, biasAt + 2), b3 = bias(bias, biasAt + 3);
        int o1 = o0 + p, o2 = o1 + p, o3 = o2 + p;
        int j = 0;
        for (; j + 2 * L <= p; j += 2 * L) {
            FloatVector c00 = FloatVector.broadcast(S, b0), c01 = c00;
            FloatVector c10 = FloatVector.broadcast(S, b1), c11 = c10;
            FloatVector c20 = FloatVector.broadcast(S, b2), c21 = c20;
            FloatVector c30 = FloatVector.broadcast(S, b3), c31 = c30;
            for (int kk = 0; kk < k; kk++) {
                float[] r = rows[kk];
                FloatVector x0 = FloatVector.fromArray(S, r, j);
                FloatVector x1 = FloatVector.fromArray(S, r, j + L);
                FloatVector v = FloatVector.broadcast(S, a[w0 + kk]);
                c00 = x0.fma(v, c00);
                c01 = x1.fma(v, c01);
                v = FloatVector.broadcast(S, a[w1 + kk]);
                c10 = x0.fma(v, c10);
                c11 = x1.fma(v, c11);
                v = FloatVector.broadcast(S, a[w2 + kk]);
                c20 = x0.fma(v, c20);
                c21 = x1.fma(v, c21);
                v = FloatVector.broadcast(S, a[w3 + kk]);
                c30 = x0.fma(v, c30);
                c31 = x1.fma(v, c31);
            }
            (relu ? ZERO.blend(c00, c00.compare(VectorOperators.GT, 0f)) : c00).intoArray(out, o0 + j);
            (relu ? ZERO.blend(c01, c01.compare(VectorOperators.GT, 0f)) : c01).intoArray(out, o0 + j + L);
            (relu ? ZERO.blend(c10, c10.compare(VectorOperators.GT, 0f)) : c10).intoArray(out, o1 + j);
            (relu ? ZERO.blend(c11, c11.compare(VectorOperators.GT, 0f)) : c11).intoArray(out, o1 + j + L);
            (relu ? ZERO.blend(c20, c20.compare(VectorOperators.GT, 0f)) : c20).intoArray(out, o2 + j);
            (relu ? ZERO.blend(c21, c21.compare(VectorOperators.GT, 0f)) : c21).intoArray(out, o2 + j + L);
            (relu ? ZERO.blend(c30, c30.compare(VectorOperators.GT, 0f)) : c30).intoArray(out, o3 + j);
            (relu ? ZERO.blend(c31, c31.compare(VectorOperators.GT, 0f)) : c31).intoArray(out, o3 + j + L);
        }
        if (j == p) {
            return;
        }
        if (p < L) {
            scalarColumns(a, w0, k, rows, 0, p, b0, out, o0, relu);
            scalarColumns(a, w1, k, rows, 0, p, b1, out, o1, relu);
            scalarColumns(a, w2, k, rows, 0, p, b2, out, o2, relu);
            scalarColumns(a, w3, k, rows, 0, p, b3, out, o3, relu);
            return;
        }
        // one or two vectors left: the second (or only) one ends exactly at p, overlapping its left neighbour
        int last = p - L;
        for (; ; j = last) {
            int at = Math.min(j, last);
            FloatVector c0 = FloatVector.broadcast(S, b0), c1 = FloatVector.broadcast(S, b1);
            FloatVector c2 = FloatVector.broadcast(S, b2), c3 = FloatVector.broadcast(S, b3);
            for (int kk = 0; kk < k; kk++) {
                FloatVector x = FloatVector.fromArray(S, rows[kk], at);
                c0 = x.fma(FloatVector.broadcast(S, a[w0 + kk]), c0);
                c1 = x.fma(FloatVector.broadcast(S, a[w1 + kk]), c1);
                c2 = x.fma(FloatVector.broadcast(S, a[w2 + kk]), c2);
                c3 = x.fma(FloatVector.broadcast(S, a[w3 + kk]), c3);
            }
            (relu ? ZERO.blend(c0, c0.compare(VectorOperators.GT, 0f)) : c0).intoArray(out, o0 + at);
            (relu ? ZERO.blend(c1, c1.compare(VectorOperators.GT, 0f)) : c1).intoArray(out, o1 + at);
            (relu ? ZERO.blend(c2, c2.compare(VectorOperators.GT, 0f)) : c2).intoArray(out, o2 + at);
            (relu ? ZERO.blend(c3, c3.compare(VectorOperators.GT, 0f)) : c3).intoArray(out, o3 + at);
            if (at == last) {
                return;
            }
        }
    }

    /** One output row (fewer than 4 rows in all): vectors with an overlapped last one, scalar chains only where {@code p < L}. */
    private static void oneRow(float[] a, int w, int k, float[][] rows, int p, float b, float[] out, int o, boolean relu) {
        if (p < L) {
            scalarColumns(a, w, k, rows, 0, p, b, out, o, relu);
            return;
        }
        int last = p - L;
        for (int j = 0; ; j += L) {
            int at = Math.min(j, last);
            FloatVector c = FloatVector.broadcast(S, b);
            for (int kk = 0; kk < k; kk++) {
                c = FloatVector.fromArray(S, rows[kk], at).fma(FloatVector.broadcast(S, a[w + kk]), c);
            }
            (relu ? ZERO.blend(c, c.compare(VectorOperators.GT, 0f)) : c).intoArray(out, o + at);
            if (at == last) {
                return;
            }
        }
    }

    /** The ragged columns {@code [j0, p)} of one output row, in the same order of additions as a vector lane. */
    private static void scalarColumns(float[] a, int w, int k, float[][] rows, int j0, int p, float b, float[] out, int o,
                                      boolean relu) {
        for (int j = j0; j < p; j++) {
            float c = b;
            for (int kk = 0; kk < k; kk++) {
                c = Math.fma(rows[kk][j], a[w + kk], c);
            }
            out[o + j] = relu ? (c > 0f ? c : 0f) : c;
        }
    }

    static void dotRows(float[] a, int aOff, int m, float[] b, int bOff, int n, int k,
                        float[] bias, int biasOff, float[] out, int outOff, int rowStride, int colStride) {
        int full = k - k % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                int x0 = bOff + j * k, x1 = x0 + k;
                FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
                FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                for (int kk = 0; kk < full; kk += L) {
                    FloatVector y0 = FloatVector.fromArray(S, b, x0 + kk);
                    FloatVector y1 = FloatVector.fromArray(S, b, x1 + kk);
                    FloatVector v = FloatVector.fromArray(S, a, a0 + kk);
                    c00 = v.fma(y0, c00);
                    c01 = v.fma(y1, c01);
                    v = FloatVector.fromArray(S, a, a1 + kk);
                    c10 = v.fma(y0, c10);
                    c11 = v.fma(y1, c11);
                    v = FloatVector.fromArray(S, a, a2 + kk);
                    c20 = v.fma(y0, c20);
                    c21 = v.fma(y1, c21);
                    v = FloatVector.fromArray(S, a, a3 + kk);
                    c30 = v.fma(y0, c30);
                    c31 = v.fma(y1, c31);
                }
                int o = outOff + i * rowStride + j * colStride;
                out[o] = bias(bias, biasOff + i) + tail(c00.reduceLanes(VectorOperators.ADD), a, a0, b, x0, full, k);
                out[o + colStride] = bias(bias, biasOff + i) + tail(c01.reduceLanes(VectorOperators.ADD), a, a0, b, x1, full, k);
                out[o + rowStride] = bias(bias, biasOff + i + 1) + tail(c10.reduceLanes(VectorOperators.ADD), a, a1, b, x0, full, k);
                out[o + rowStride + colStride] = bias(bias, biasOff + i + 1) + tail(c11.reduceLanes(VectorOperators.ADD), a, a1, b, x1, full, k);
                out[o + 2 * rowStride] = bias(bias, biasOff + i + 2) + tail(c20.reduceLanes(VectorOperators.ADD), a, a2, b, x0, full, k);
                out[o + 2 * rowStride + colStride] = bias(bias, biasOff + i + 2) + tail(c21.reduceLanes(VectorOperators.ADD), a, a2, b, x1, full, k);
                out[o + 3 * rowStride] = bias(bias, biasOff + i + 3) + tail(c30.reduceLanes(VectorOperators.ADD), a, a3, b, x0, full, k);
                out[o + 3 * rowStride + colStride] = bias(bias, biasOff + i + 3) + tail(c31.reduceLanes(VectorOperators.ADD), a, a3, b, x1, full, k);
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    dot1(a, aOff + (i + r) * k, b, bOff + j * k, full, k, bias, biasOff + i + r, out,
                            outOff + (i + r) * rowStride + j * colStride);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                dot1(a, aOff + i * k, b, bOff + j * k, full, k, bias, biasOff + i, out, outOff + i * rowStride + j * colStride);
            }
        }
    }

    /**
     * The lanes' sum {@code z} plus the ragged tail {@code [full, k)} in order. Vectors never cross a call
     * (C2 would have to box them where it does not inline), so the caller reduces and passes a float.
     */
    private static float tail(float z, float[] a, int ar, float[] b, int br, int full, int k) {
        for (int kk = full; kk < k; kk++) {
            z = Math.fma(a[ar + kk], b[br + kk], z);
        }
        return z;
    }

    private static void dot1(float[] a, int ar, float[] b, int br, int full, int k, float[] bias, int biasAt, float[] out, int at) {
        FloatVector c = FloatVector.zero(S);
        for (int kk = 0; kk < full; kk += L) {
            c = FloatVector.fromArray(S, a, ar + kk).fma(FloatVector.fromArray(S, b, br + kk), c);
        }
        out[at] = bias(bias, biasAt) + tail(c.reduceLanes(VectorOperators.ADD), a, ar, b, br, full, k);
    }
}
