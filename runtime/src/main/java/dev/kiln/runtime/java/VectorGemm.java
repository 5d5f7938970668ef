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

    private static FloatVector start(float[] out, int at, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(S, out, at) : FloatVector.zero(S);
    }

    /**
     * {@link Gemm#matMul}: 4 rows of A x 2 vectors of columns in eight accumulators. Every output element
     * is one fma chain over {@code kk} in order, whichever block computes it, so a ragged right edge can
     * be recomputed by one vector ending at {@code p} (overwriting mode: the overlapped columns get the
     * same bits again); when accumulating it is done by scalar fmas in the same order instead. Each
     * block shape is a method of its own: C2 then compiles (and intrinsifies) each one whole, where one
     * large method would run past its inlining budget and fall back to boxed vectors.
     */
    static void matMul(float[] a, int aOff, int aRow, int aCol, int m, int k, float[] b, int bOff, int bStride, int p,
                       float[] out, int outOff, boolean accumulate) {
        int full2 = p - p % (2 * L);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int ai = aOff + i * aRow;
            int o = outOff + i * p;
            for (int j = 0; j < full2; j += 2 * L) {
                block4x2(a, ai, aRow, aCol, k, b, bOff + j, bStride, out, o + j, p, accumulate);
            }
            int j = full2;
            while (j < p) {
                if (j + L > p) {
                    if (accumulate || p < L) {
                        for (int r = 0; r < 4; r++) {
                            scalarRow(a, ai + r * aRow, aCol, k, b, bOff, bStride, j, p, out, o + r * p, accumulate);
                        }
                        break;
                    }
                    j = p - L;
                }
                block4x1(a, ai, aRow, aCol, k, b, bOff + j, bStride, out, o + j, p, accumulate);
                j += L;
            }
        }
        for (; i < m; i++) {
            int ai = aOff + i * aRow;
            int o = outOff + i * p;
            int j = 0;
            while (j < p) {
                if (j + L > p) {
                    if (accumulate || p < L) {
                        scalarRow(a, ai, aCol, k, b, bOff, bStride, j, p, out, o, accumulate);
                        break;
                    }
                    j = p - L;
                }
                block1x1(a, ai, aCol, k, b, bOff + j, bStride, out, o + j, accumulate);
                j += L;
            }
        }
    }

    /** Output rows {@code o + r*p}, r < 4, columns [0, 2L) from there; {@code b} already offset to the column. */
    private static void block4x2(float[] a, int a0, int aRow, int aCol, int k, float[] b, int bb, int bStride,
                                 float[] out, int o0, int p, boolean accumulate) {
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        int o1 = o0 + p, o2 = o1 + p, o3 = o2 + p;
        FloatVector c00 = start(out, o0, accumulate), c01 = start(out, o0 + L, accumulate);
        FloatVector c10 = start(out, o1, accumulate), c11 = start(out, o1 + L, accumulate);
        FloatVector c20 = start(out, o2, accumulate), c21 = start(out, o2 + L, accumulate);
        FloatVector c30 = start(out, o3, accumulate), c31 = start(out, o3 + L, accumulate);
        for (int kk = 0; kk < k; kk++) {
            int x = bb + kk * bStride;
            FloatVector x0 = FloatVector.fromArray(S, b, x);
            FloatVector x1 = FloatVector.fromArray(S, b, x + L);
            int ak = kk * aCol;
            FloatVector v = FloatVector.broadcast(S, a[a0 + ak]);
            c00 = x0.fma(v, c00);
            c01 = x1.fma(v, c01);
            v = FloatVector.broadcast(S, a[a1 + ak]);
            c10 = x0.fma(v, c10);
            c11 = x1.fma(v, c11);
            v = FloatVector.broadcast(S, a[a2 + ak]);
            c20 = x0.fma(v, c20);
            c21 = x1.fma(v, c21);
            v = FloatVector.broadcast(S, a[a3 + ak]);
            c30 = x0.fma(v, c30);
            c31 = x1.fma(v, c31);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
    }

    private static void block4x1(float[] a, int a0, int aRow, int aCol, int k, float[] b, int bb, int bStride,
                                 float[] out, int o0, int p, boolean accumulate) {
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        int o1 = o0 + p, o2 = o1 + p, o3 = o2 + p;
        FloatVector c0 = start(out, o0, accumulate), c1 = start(out, o1, accumulate);
        FloatVector c2 = start(out, o2, accumulate), c3 = start(out, o3, accumulate);
        for (int kk = 0; kk < k; kk++) {
            FloatVector x = FloatVector.fromArray(S, b, bb + kk * bStride);
            int ak = kk * aCol;
            c0 = x.fma(FloatVector.broadcast(S, a[a0 + ak]), c0);
            c1 = x.fma(FloatVector.broadcast(S, a[a1 + ak]), c1);
            c2 = x.fma(FloatVector.broadcast(S, a[a2 + ak]), c2);
            c3 = x.fma(FloatVector.broadcast(S, a[a3 + ak]), c3);
        }
        c0.intoArray(out, o0);
        c1.intoArray(out, o1);
        c2.intoArray(out, o2);
        c3.intoArray(out, o3);
    }

    private static void block1x1(float[] a, int ai, int aCol, int k, float[] b, int bb, int bStride,
                                 float[] out, int o, boolean accumulate) {
        FloatVector c = start(out, o, accumulate);
        for (int kk = 0; kk < k; kk++) {
            c = FloatVector.fromArray(S, b, bb + kk * bStride).fma(FloatVector.broadcast(S, a[ai + kk * aCol]), c);
        }
        c.intoArray(out, o);
    }

    /** Columns {@code [j0, p)} of one output row of {@link #matMul}, each the same fma chain as a vector lane. */
    private static void scalarRow(float[] a, int ai, int aCol, int k, float[] b, int bOff, int bStride, int j0, int p,
                                  float[] out, int o, boolean accumulate) {
        for (int j = j0; j < p; j++) {
            float c = accumulate ? out[o + j] : 0f;
            for (int kk = 0; kk < k; kk++) {
                c = Math.fma(b[bOff + kk * bStride + j], a[ai + kk * aCol], c);
            }
            out[o + j] = c;
        }
    }

    /** {@link Gemm#matMulTransB}: 4 rows of A x 2 rows of B, eight vector accumulators along {@code q}. */
    static void matMulTransB(float[] a, int aOff, int aStride, int m, float[] b, int bOff, int bStride, int n, int len,
                             float[] out, int outOff, int outRow) {
        int full = len - len % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * aStride;
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                transB4x2(a, a0, aStride, b, bOff + j * bStride, bStride, full, len, out, outOff + i * outRow + j, outRow);
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    out[outOff + (i + r) * outRow + j] += dot(a, a0 + r * aStride, b, bOff + j * bStride, full, len);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out[outOff + i * outRow + j] += dot(a, aOff + i * aStride, b, bOff + j * bStride, full, len);
            }
        }
    }

    private static void transB4x2(float[] a, int a0, int aStride, float[] b, int x0, int bStride, int full, int len,
                                  float[] out, int o, int outRow) {
        int a1 = a0 + aStride, a2 = a1 + aStride, a3 = a2 + aStride;
        int x1 = x0 + bStride;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int q = 0; q < full; q += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, x0 + q);
            FloatVector y1 = FloatVector.fromArray(S, b, x1 + q);
            FloatVector v = FloatVector.fromArray(S, a, a0 + q);
            c00 = v.fma(y0, c00);
            c01 = v.fma(y1, c01);
            v = FloatVector.fromArray(S, a, a1 + q);
            c10 = v.fma(y0, c10);
            c11 = v.fma(y1, c11);
            v = FloatVector.fromArray(S, a, a2 + q);
            c20 = v.fma(y0, c20);
            c21 = v.fma(y1, c21);
            v = FloatVector.fromArray(S, a, a3 + q);
            c30 = v.fma(y0, c30);
            c31 = v.fma(y1, c31);
        }
        out[o] += tail(c00.reduceLanes(VectorOperators.ADD), a, a0, b, x0, full, len);
        out[o + 1] += tail(c01.reduceLanes(VectorOperators.ADD), a, a0, b, x1, full, len);
        out[o + outRow] += tail(c10.reduceLanes(VectorOperators.ADD), a, a1, b, x0, full, len);
        out[o + outRow + 1] += tail(c11.reduceLanes(VectorOperators.ADD), a, a1, b, x1, full, len);
        out[o + 2 * outRow] += tail(c20.reduceLanes(VectorOperators.ADD), a, a2, b, x0, full, len);
        out[o + 2 * outRow + 1] += tail(c21.reduceLanes(VectorOperators.ADD), a, a2, b, x1, full, len);
        out[o + 3 * outRow] += tail(c30.reduceLanes(VectorOperators.ADD), a, a3, b, x0, full, len);
        out[o + 3 * outRow + 1] += tail(c31.reduceLanes(VectorOperators.ADD), a, a3, b, x1, full, len);
    }

    private static float dot(float[] a, int ar, float[] b, int br, int full, int len) {
        FloatVector c = FloatVector.zero(S);
        for (int q = 0; q < full; q += L) {
            c = FloatVector.fromArray(S, a, ar + q).fma(FloatVector.fromArray(S, b, br + q), c);
        }
        return tail(c.reduceLanes(VectorOperators.ADD), a, ar, b, br, full, len);
    }

    /** {@link Activations#reluBackward}: a compare and a blend per vector, the ragged end scalar. */
    static void reluBackward(float[] g, float[] y, int from, int to) {
        int i = from;
        FloatVector zero = FloatVector.zero(S);
        for (; i + L <= to; i += L) {
            FloatVector out = FloatVector.fromArray(S, y, i);
            zero.blend(FloatVector.fromArray(S, g, i), out.compare(VectorOperators.GT, 0f)).intoArray(g, i);
        }
        for (; i < to; i++) {
            g[i] = y[i] > 0f ? g[i] : 0f;
        }
    }

    /** {@link Activations#silu}: the vector exponential (within an ulp or so of Math.exp), the ragged end scalar. */
    static void silu(float[] x, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(x, i);
        }
        Activations.scalarSilu(x, i, to);
    }

    /** {@link BatchNormSums#sum}: float lanes over blocks of {@link BatchNormSums#BLOCK} vectors, each block into a double. */
    static double sum(float[] x, int from, int to) {
        double total = 0;
        int i = from;
        while (i + L <= to) {
            FloatVector acc = FloatVector.zero(S);
            int end = Math.min(to - L, i + (BatchNormSums.BLOCK - 1) * L);
            for (; i <= end; i += L) {
                acc = acc.add(FloatVector.fromArray(S, x, i));
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < to; i++) {
            total += x[i];
        }
        return total;
    }

    /** {@link BatchNormSums#squaredDeviations}, blocked as {@link #sum}. */
    static double squaredDeviations(float[] x, int from, int to, float centerHi, float centerLo) {
        double total = 0;
        int i = from;
        while (i + L <= to) {
            FloatVector acc = FloatVector.zero(S);
            int end = Math.min(to - L, i + (BatchNormSums.BLOCK - 1) * L);
            for (; i <= end; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(centerHi).sub(centerLo);
                acc = d.fma(d, acc);
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < to; i++) {
            float d = (x[i] - centerHi) - centerLo;
            total += d * d;
        }
        return total;
    }

    /** {@link BatchNormSums#dotCentred}, blocked as {@link #sum}. */
    static double dotCentred(float[] g, float[] x, int from, int to, float centerHi, float centerLo) {
        double total = 0;
        int i = from;
        while (i + L <= to) {
            FloatVector acc = FloatVector.zero(S);
            int end = Math.min(to - L, i + (BatchNormSums.BLOCK - 1) * L);
            for (; i <= end; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(centerHi).sub(centerLo);
                acc = FloatVector.fromArray(S, g, i).fma(d, acc);
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < to; i++) {
            total += g[i] * ((x[i] - centerHi) - centerLo);
        }
        return total;
    }
}
