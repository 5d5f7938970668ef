package dev.kiln.runtime.java.conv;

import dev.kiln.runtime.java.Gemm;

/**
 * The micro-kernel every convolution path runs, and the small vector loops around it. A tile
 * computes {@code MR x NRL} elements of a product {@code C (+)= A B}:
 *
 * <pre>
 *   C[r][j] (+)= sum_{kk in [k0, k1)} a[a_r + kk] * b[bRow[kk] + bOff + j]      r < MR, j < NRL
 *   stored at c[cOff + r * ldc + j]
 * </pre>
 *
 * <p>so A is read through one offset per row (weights row by row, im2col rows through the source
 * offsets, transposed weights) and B through one offset per step of {@code kk} (a shifted input plane,
 * a row of the output gradient, a row of a packed panel): the operands are read where they lie and
 * nothing is packed. Where the JVM has the {@code jdk.incubator.vector} module ({@link Gemm#VECTOR}),
 * {@code VectorTiles} computes them with one FMA per {@code kk} in order for every element, whichever
 * tile computes it (so results do not depend on how the work is split); otherwise plain loops, whose
 * rounding differs (a product and an addition per step).
 */
final class Tiles {
    /** Rows per tile. */
    static final int MR = 6;
    /** Columns per tile: 4 vectors of 16 lanes (AVX-512), 2 of 8 (AVX2), 16 for the plain loops. */
    static final int NRL = Gemm.VECTOR ? VectorTiles.NR * VectorTiles.L : 16;
    /** Columns of a narrow tile: half a tile where vectors have 16 lanes (6 x 2 vectors), else a whole one. */
    static final int HALF = Gemm.VECTOR && VectorTiles.NR == 4 ? NRL / 2 : NRL;
    /** The vector length the loops below need their lengths to be multiples of. */
    static final int LANES = Gemm.VECTOR ? VectorTiles.L : 1;

    private Tiles() {
    }

    static String describe() {
        return Gemm.VECTOR ? VectorTiles.describe() : "plain loops (start the JVM with --add-modules jdk.incubator.vector for the Vector API)";
    }

    static void tile(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                     float[] b, int[] bRow, int bOff, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        if (Gemm.VECTOR) {
            VectorTiles.tile(a, a0, a1, a2, a3, a4, a5, b, bRow, bOff, k0, k1, c, cOff, ldc, accumulate);
        } else {
            scalarTile(a, a0, a1, a2, a3, a4, a5, b, bRow, bOff, k0, k1, c, cOff, ldc, accumulate);
        }
    }

    private static void scalarTile(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                   float[] b, int[] bRow, int bOff, int k0, int k1, float[] c, int cOff, int ldc,
                                   boolean accumulate) {
        for (int r = 0; r < MR; r++) {
            int o = cOff + r * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, o, o + NRL, 0f);
            }
            int ar = r == 0 ? a0 : r == 1 ? a1 : r == 2 ? a2 : r == 3 ? a3 : r == 4 ? a4 : a5;
            for (int kk = k0; kk < k1; kk++) {
                float av = a[ar + kk];
                int bb = bRow[kk] + bOff;
                for (int j = 0; j < NRL; j++) {
                    c[o + j] += av * b[bb + j];
                }
            }
        }
    }

    /**
     * {@link #tile} with B's rows a constant {@code ldb} apart ({@code b[bOff + kk * ldb + j]}): the loads' bounds checks
     * are then hoisted out of the loop, which a table of row offsets prevents.
     */
    static void tileStrided(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                            float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        if (Gemm.VECTOR) {
            VectorTiles.tileStrided(a, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
            return;
        }
        scalarStrided(a, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
    }

    /** {@link #tileStrided} over {@link #HALF} columns only (6 x 2 vectors where vectors have 16 lanes): for 32 filters or fewer. */
    static void tileStridedHalf(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        if (Gemm.VECTOR) {
            VectorTiles.tileStridedHalf(a, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
            return;
        }
        scalarStrided(a, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
    }

    private static void scalarStrided(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                      float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int r = 0; r < MR; r++) {
            int o = cOff + r * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, o, o + NRL, 0f);
            }
            int ar = r == 0 ? a0 : r == 1 ? a1 : r == 2 ? a2 : r == 3 ? a3 : r == 4 ? a4 : a5;
            for (int kk = k0; kk < k1; kk++) {
                float av = a[ar + kk];
                int bb = bOff + kk * ldb;
                for (int j = 0; j < NRL; j++) {
                    c[o + j] += av * b[bb + j];
                }
            }
        }
    }

    /**
     * {@code C[r][j] (+)= sum_{kk in [k0, k1)} a[aRow[kk] + a_r] * b[bOff + kk * ldb + j]}: A read through one offset per
     * step of {@code kk} and one per row (positions as rows: {@code aRow} = the source offsets of the kernel elements,
     * {@code a_r} = a position's q-space index), B's rows {@code ldb} apart.
     */
    static void tileIndirectStrided(float[] a, int[] aRow, int a0, int a1, int a2, int a3, int a4, int a5,
                                    float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        if (Gemm.VECTOR) {
            VectorTiles.tileIndirectStrided(a, aRow, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
            return;
        }
        for (int r = 0; r < MR; r++) {
            int o = cOff + r * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, o, o + NRL, 0f);
            }
            int ar = r == 0 ? a0 : r == 1 ? a1 : r == 2 ? a2 : r == 3 ? a3 : r == 4 ? a4 : a5;
            for (int kk = k0; kk < k1; kk++) {
                float av = a[aRow[kk] + ar];
                int bb = bOff + kk * ldb;
                for (int j = 0; j < NRL; j++) {
                    c[o + j] += av * b[bb + j];
                }
            }
        }
    }

    /** {@code dst[d + j] = act(src[s + j] + bias (+ res[r + j]))} for {@code j < len}; {@code res} may be null. */
    static void finish(float[] src, int s, float[] dst, int d, int len, float bias, float[] res, int r, boolean relu) {
        if (Gemm.VECTOR) {
            VectorTiles.finish(src, s, dst, d, len, bias, res, r, relu);
        } else {
            scalarFinish(src, s, dst, d, len, bias, res, r, relu);
        }
    }

    static void scalarFinish(float[] src, int s, float[] dst, int d, int len, float bias, float[] res, int r, boolean relu) {
        for (int j = 0; j < len; j++) {
            float v = src[s + j] + bias;
            if (res != null) {
                v += res[r + j];
            }
            dst[d + j] = relu ? (v > 0f ? v : 0f) : v;
        }
    }

    /** {@code dst[d + j] += src[s + j]} for {@code j < len}. */
    static void addInto(float[] src, int s, float[] dst, int d, int len) {
        if (Gemm.VECTOR) {
            VectorTiles.addInto(src, s, dst, d, len);
        } else {
            for (int j = 0; j < len; j++) {
                dst[d + j] += src[s + j];
            }
        }
    }

    /** {@code dst[d + j] += w * src[s + j]} for {@code j < len}. */
    static void axpy(float w, float[] src, int s, float[] dst, int d, int len) {
        if (Gemm.VECTOR) {
            VectorTiles.axpy(w, src, s, dst, d, len);
        } else {
            for (int j = 0; j < len; j++) {
                dst[d + j] += w * src[s + j];
            }
        }
    }

    /** {@code sum_j x[xo + j] y[yo + j]}, {@code len} a multiple of {@link #LANES}. */
    static float dot(float[] x, int xo, float[] y, int yo, int len) {
        if (Gemm.VECTOR) {
            return VectorTiles.dot(x, xo, y, yo, len);
        }
        float z0 = 0f, z1 = 0f;
        int j = 0;
        for (; j + 2 <= len; j += 2) {
            z0 += x[xo + j] * y[yo + j];
            z1 += x[xo + j + 1] * y[yo + j + 1];
        }
        for (; j < len; j++) {
            z0 += x[xo + j] * y[yo + j];
        }
        return z0 + z1;
    }

    /** {@code out[o + j] = sum_{t < taps} w[wo + t] src[base[t] + baseOff + q + j]}, {@code len} a multiple of {@link #LANES}. */
    static void depthwiseRow(float[] w, int wo, int taps, float[] src, int[] base, int baseOff, int q, float[] out, int o, int len) {
        if (Gemm.VECTOR) {
            VectorTiles.depthwiseRow(w, wo, taps, src, base, baseOff, q, out, o, len);
            return;
        }
        java.util.Arrays.fill(out, o, o + len, 0f);
        for (int t = 0; t < taps; t++) {
            float wt = w[wo + t];
            int b = base[t] + baseOff + q;
            for (int j = 0; j < len; j++) {
                out[o + j] += wt * src[b + j];
            }
        }
    }
}
