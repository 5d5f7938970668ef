package dev.kiln.runtime.java.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Tiles}' Vector API micro-kernels; loaded only when the {@code jdk.incubator.vector} module is
 * present. A tile is {@link Tiles#MR} rows of C by {@code NR} vectors of columns, held in registers
 * while the reduction index {@code kk} is walked once: 6 x 4 vectors (24 accumulators) where vectors
 * have 16 lanes or more (AVX-512: 32 registers), 6 x 2 otherwise (AVX2: 16 registers). Each tile
 * shape is a method of its own and vectors never cross a call (C2 would box them where it does not
 * inline). Measured on a Zen 5 core, the 6 x 4 tile over L1-resident operands runs at 98-99% of an
 * FMA loop's rate (notes/speed.md).
 */
final class VectorTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Vectors per tile row. */
    static final int NR = L >= 16 ? 4 : 2;
    /**
     * Zero for ReLU's blend only: a vector that merges with loop or branch results (an accumulator's start)
     * must be {@code FloatVector.zero(S)} made in place, or C2 boxes every vector the phi meets (measured:
     * 5 GFLOP/s instead of 95).
     */
    private static final FloatVector ZERO = FloatVector.zero(S);

    private VectorTiles() {
    }

    static String describe() {
        return "Vector API tiles of " + Tiles.MR + " x " + NR + " vectors (" + L + " fp32 lanes, " + S.vectorBitSize() + "-bit)";
    }

    /** {@link Tiles#tile}. */
    static void tile(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                     float[] b, int[] bRow, int bOff, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        if (NR == 4) {
            tile6x4(a, a0, a1, a2, a3, a4, a5, b, bRow, bOff, k0, k1, c, cOff, ldc, accumulate);
        } else {
            tile6x2(a, a0, a1, a2, a3, a4, a5, b, bRow, bOff, k0, k1, c, cOff, ldc, accumulate);
        }
    }

    /** The 6 x 4 vector tile: 24 accumulators, 4 loads of B and 6 broadcasts of A per step of {@code kk}. */
    private static void tile6x4(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                  float[] b, int[] bRow, int bOff, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + 1 * L);
            c02 = FloatVector.fromArray(S, c, cOff + 2 * L);
            c03 = FloatVector.fromArray(S, c, cOff + 3 * L);
            c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 1 * L);
            c12 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 2 * L);
            c13 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 3 * L);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 1 * L);
            c22 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 2 * L);
            c23 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 3 * L);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 1 * L);
            c32 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 2 * L);
            c33 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 3 * L);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 1 * L);
            c42 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 2 * L);
            c43 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 3 * L);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 1 * L);
            c52 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 2 * L);
            c53 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = FloatVector.zero(S);
        }
        for (int kk = k0; kk < k1; kk++) {
            int bb = bRow[kk] + bOff;
            FloatVector b0 = FloatVector.fromArray(S, b, bb);
            FloatVector b1 = FloatVector.fromArray(S, b, bb + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, b, bb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bb + 3 * L);
            FloatVector v0 = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = b0.fma(v0, c00); c01 = b1.fma(v0, c01); c02 = b2.fma(v0, c02); c03 = b3.fma(v0, c03);
            FloatVector v1 = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = b0.fma(v1, c10); c11 = b1.fma(v1, c11); c12 = b2.fma(v1, c12); c13 = b3.fma(v1, c13);
            FloatVector v2 = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = b0.fma(v2, c20); c21 = b1.fma(v2, c21); c22 = b2.fma(v2, c22); c23 = b3.fma(v2, c23);
            FloatVector v3 = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = b0.fma(v3, c30); c31 = b1.fma(v3, c31); c32 = b2.fma(v3, c32); c33 = b3.fma(v3, c33);
            FloatVector v4 = FloatVector.broadcast(S, a[a4 + kk]);
            c40 = b0.fma(v4, c40); c41 = b1.fma(v4, c41); c42 = b2.fma(v4, c42); c43 = b3.fma(v4, c43);
            FloatVector v5 = FloatVector.broadcast(S, a[a5 + kk]);
            c50 = b0.fma(v5, c50); c51 = b1.fma(v5, c51); c52 = b2.fma(v5, c52); c53 = b3.fma(v5, c53);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + 1 * L); c02.intoArray(c, cOff + 2 * L); c03.intoArray(c, cOff + 3 * L);
        c10.intoArray(c, cOff + 1 * ldc); c11.intoArray(c, cOff + 1 * ldc + 1 * L); c12.intoArray(c, cOff + 1 * ldc + 2 * L); c13.intoArray(c, cOff + 1 * ldc + 3 * L);
        c20.intoArray(c, cOff + 2 * ldc); c21.intoArray(c, cOff + 2 * ldc + 1 * L); c22.intoArray(c, cOff + 2 * ldc + 2 * L); c23.intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.intoArray(c, cOff + 3 * ldc); c31.intoArray(c, cOff + 3 * ldc + 1 * L); c32.intoArray(c, cOff + 3 * ldc + 2 * L); c33.intoArray(c, cOff + 3 * ldc + 3 * L);
        c40.intoArray(c, cOff + 4 * ldc); c41.intoArray(c, cOff + 4 * ldc + 1 * L); c42.intoArray(c, cOff + 4 * ldc + 2 * L); c43.intoArray(c, cOff + 4 * ldc + 3 * L);
        c50.intoArray(c, cOff + 5 * ldc); c51.intoArray(c, cOff + 5 * ldc + 1 * L); c52.intoArray(c, cOff + 5 * ldc + 2 * L); c53.intoArray(c, cOff + 5 * ldc + 3 * L);
    }

    /** The 6 x 2 vector tile: 12 accumulators, 2 loads of B and 6 broadcasts of A per step of {@code kk}. */
    private static void tile6x2(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                  float[] b, int[] bRow, int bOff, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + 1 * L);
            c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 1 * L);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 1 * L);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 1 * L);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 1 * L);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 1 * L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(S);
        }
        for (int kk = k0; kk < k1; kk++) {
            int bb = bRow[kk] + bOff;
            FloatVector b0 = FloatVector.fromArray(S, b, bb);
            FloatVector b1 = FloatVector.fromArray(S, b, bb + 1 * L);
            FloatVector v0 = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = b0.fma(v0, c00); c01 = b1.fma(v0, c01);
            FloatVector v1 = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = b0.fma(v1, c10); c11 = b1.fma(v1, c11);
            FloatVector v2 = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = b0.fma(v2, c20); c21 = b1.fma(v2, c21);
            FloatVector v3 = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = b0.fma(v3, c30); c31 = b1.fma(v3, c31);
            FloatVector v4 = FloatVector.broadcast(S, a[a4 + kk]);
            c40 = b0.fma(v4, c40); c41 = b1.fma(v4, c41);
            FloatVector v5 = FloatVector.broadcast(S, a[a5 + kk]);
            c50 = b0.fma(v5, c50); c51 = b1.fma(v5, c51);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + 1 * L);
        c10.intoArray(c, cOff + 1 * ldc); c11.intoArray(c, cOff + 1 * ldc + 1 * L);
        c20.intoArray(c, cOff + 2 * ldc); c21.intoArray(c, cOff + 2 * ldc + 1 * L);
        c30.intoArray(c, cOff + 3 * ldc); c31.intoArray(c, cOff + 3 * ldc + 1 * L);
        c40.intoArray(c, cOff + 4 * ldc); c41.intoArray(c, cOff + 4 * ldc + 1 * L);
        c50.intoArray(c, cOff + 5 * ldc); c51.intoArray(c, cOff + 5 * ldc + 1 * L);
    }

    /** {@link Tiles#tileStrided}. */
    static void tileStrided(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                            float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        if (NR == 4) {
            strided6x4(a, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
        } else {
            strided6x2(a, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
        }
    }

    /** {@link Tiles#tileStridedHalf}: 6 x 2 vectors whatever the width (6 x 1 never: HALF is a whole tile below 16 lanes). */
    static void tileStridedHalf(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        strided6x2(a, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
    }

    /** {@link Tiles#tileIndirectStrided}. */
    static void tileIndirectStrided(float[] a, int[] aRow, int a0, int a1, int a2, int a3, int a4, int a5,
                                    float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        if (NR == 4) {
            indirectStrided6x4(a, aRow, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
        } else {
            indirectStrided6x2(a, aRow, a0, a1, a2, a3, a4, a5, b, bOff, ldb, k0, k1, c, cOff, ldc, accumulate);
        }
    }

    /** The 6 x 4 tile of {@link Tiles#tileStrided}. */
    private static void strided6x4(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                    float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + 1 * L);
            c02 = FloatVector.fromArray(S, c, cOff + 2 * L);
            c03 = FloatVector.fromArray(S, c, cOff + 3 * L);
            c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 1 * L);
            c12 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 2 * L);
            c13 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 3 * L);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 1 * L);
            c22 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 2 * L);
            c23 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 3 * L);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 1 * L);
            c32 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 2 * L);
            c33 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 3 * L);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 1 * L);
            c42 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 2 * L);
            c43 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 3 * L);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 1 * L);
            c52 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 2 * L);
            c53 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = FloatVector.zero(S);
        }
        for (int kk = k0; kk < k1; kk++) {
            int bb = bOff + kk * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bb);
            FloatVector b1 = FloatVector.fromArray(S, b, bb + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, b, bb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bb + 3 * L);
            FloatVector v0 = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = b0.fma(v0, c00); c01 = b1.fma(v0, c01); c02 = b2.fma(v0, c02); c03 = b3.fma(v0, c03);
            FloatVector v1 = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = b0.fma(v1, c10); c11 = b1.fma(v1, c11); c12 = b2.fma(v1, c12); c13 = b3.fma(v1, c13);
            FloatVector v2 = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = b0.fma(v2, c20); c21 = b1.fma(v2, c21); c22 = b2.fma(v2, c22); c23 = b3.fma(v2, c23);
            FloatVector v3 = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = b0.fma(v3, c30); c31 = b1.fma(v3, c31); c32 = b2.fma(v3, c32); c33 = b3.fma(v3, c33);
            FloatVector v4 = FloatVector.broadcast(S, a[a4 + kk]);
            c40 = b0.fma(v4, c40); c41 = b1.fma(v4, c41); c42 = b2.fma(v4, c42); c43 = b3.fma(v4, c43);
            FloatVector v5 = FloatVector.broadcast(S, a[a5 + kk]);
            c50 = b0.fma(v5, c50); c51 = b1.fma(v5, c51); c52 = b2.fma(v5, c52); c53 = b3.fma(v5, c53);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + 1 * L); c02.intoArray(c, cOff + 2 * L); c03.intoArray(c, cOff + 3 * L);
        c10.intoArray(c, cOff + 1 * ldc); c11.intoArray(c, cOff + 1 * ldc + 1 * L); c12.intoArray(c, cOff + 1 * ldc + 2 * L); c13.intoArray(c, cOff + 1 * ldc + 3 * L);
        c20.intoArray(c, cOff + 2 * ldc); c21.intoArray(c, cOff + 2 * ldc + 1 * L); c22.intoArray(c, cOff + 2 * ldc + 2 * L); c23.intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.intoArray(c, cOff + 3 * ldc); c31.intoArray(c, cOff + 3 * ldc + 1 * L); c32.intoArray(c, cOff + 3 * ldc + 2 * L); c33.intoArray(c, cOff + 3 * ldc + 3 * L);
        c40.intoArray(c, cOff + 4 * ldc); c41.intoArray(c, cOff + 4 * ldc + 1 * L); c42.intoArray(c, cOff + 4 * ldc + 2 * L); c43.intoArray(c, cOff + 4 * ldc + 3 * L);
        c50.intoArray(c, cOff + 5 * ldc); c51.intoArray(c, cOff + 5 * ldc + 1 * L); c52.intoArray(c, cOff + 5 * ldc + 2 * L); c53.intoArray(c, cOff + 5 * ldc + 3 * L);
    }

    /** The 6 x 2 tile of {@link Tiles#tileStrided}. */
    private static void strided6x2(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                    float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + 1 * L);
            c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 1 * L);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 1 * L);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 1 * L);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 1 * L);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 1 * L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(S);
        }
        for (int kk = k0; kk < k1; kk++) {
            int bb = bOff + kk * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bb);
            FloatVector b1 = FloatVector.fromArray(S, b, bb + 1 * L);
            FloatVector v0 = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = b0.fma(v0, c00); c01 = b1.fma(v0, c01);
            FloatVector v1 = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = b0.fma(v1, c10); c11 = b1.fma(v1, c11);
            FloatVector v2 = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = b0.fma(v2, c20); c21 = b1.fma(v2, c21);
            FloatVector v3 = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = b0.fma(v3, c30); c31 = b1.fma(v3, c31);
            FloatVector v4 = FloatVector.broadcast(S, a[a4 + kk]);
            c40 = b0.fma(v4, c40); c41 = b1.fma(v4, c41);
            FloatVector v5 = FloatVector.broadcast(S, a[a5 + kk]);
            c50 = b0.fma(v5, c50); c51 = b1.fma(v5, c51);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + 1 * L);
        c10.intoArray(c, cOff + 1 * ldc); c11.intoArray(c, cOff + 1 * ldc + 1 * L);
        c20.intoArray(c, cOff + 2 * ldc); c21.intoArray(c, cOff + 2 * ldc + 1 * L);
        c30.intoArray(c, cOff + 3 * ldc); c31.intoArray(c, cOff + 3 * ldc + 1 * L);
        c40.intoArray(c, cOff + 4 * ldc); c41.intoArray(c, cOff + 4 * ldc + 1 * L);
        c50.intoArray(c, cOff + 5 * ldc); c51.intoArray(c, cOff + 5 * ldc + 1 * L);
    }

    /** The 6 x 4 tile of {@link Tiles#tileIndirectStrided}. */
    private static void indirectStrided6x4(float[] a, int[] aRow, int a0, int a1, int a2, int a3, int a4, int a5,
                                    float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + 1 * L);
            c02 = FloatVector.fromArray(S, c, cOff + 2 * L);
            c03 = FloatVector.fromArray(S, c, cOff + 3 * L);
            c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 1 * L);
            c12 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 2 * L);
            c13 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 3 * L);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 1 * L);
            c22 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 2 * L);
            c23 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 3 * L);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 1 * L);
            c32 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 2 * L);
            c33 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 3 * L);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 1 * L);
            c42 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 2 * L);
            c43 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 3 * L);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 1 * L);
            c52 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 2 * L);
            c53 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 3 * L);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = FloatVector.zero(S);
        }
        for (int kk = k0; kk < k1; kk++) {
            int bb = bOff + kk * ldb;
            int ak = aRow[kk];
            FloatVector b0 = FloatVector.fromArray(S, b, bb);
            FloatVector b1 = FloatVector.fromArray(S, b, bb + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, b, bb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bb + 3 * L);
            FloatVector v0 = FloatVector.broadcast(S, a[ak + a0]);
            c00 = b0.fma(v0, c00); c01 = b1.fma(v0, c01); c02 = b2.fma(v0, c02); c03 = b3.fma(v0, c03);
            FloatVector v1 = FloatVector.broadcast(S, a[ak + a1]);
            c10 = b0.fma(v1, c10); c11 = b1.fma(v1, c11); c12 = b2.fma(v1, c12); c13 = b3.fma(v1, c13);
            FloatVector v2 = FloatVector.broadcast(S, a[ak + a2]);
            c20 = b0.fma(v2, c20); c21 = b1.fma(v2, c21); c22 = b2.fma(v2, c22); c23 = b3.fma(v2, c23);
            FloatVector v3 = FloatVector.broadcast(S, a[ak + a3]);
            c30 = b0.fma(v3, c30); c31 = b1.fma(v3, c31); c32 = b2.fma(v3, c32); c33 = b3.fma(v3, c33);
            FloatVector v4 = FloatVector.broadcast(S, a[ak + a4]);
            c40 = b0.fma(v4, c40); c41 = b1.fma(v4, c41); c42 = b2.fma(v4, c42); c43 = b3.fma(v4, c43);
            FloatVector v5 = FloatVector.broadcast(S, a[ak + a5]);
            c50 = b0.fma(v5, c50); c51 = b1.fma(v5, c51); c52 = b2.fma(v5, c52); c53 = b3.fma(v5, c53);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + 1 * L); c02.intoArray(c, cOff + 2 * L); c03.intoArray(c, cOff + 3 * L);
        c10.intoArray(c, cOff + 1 * ldc); c11.intoArray(c, cOff + 1 * ldc + 1 * L); c12.intoArray(c, cOff + 1 * ldc + 2 * L); c13.intoArray(c, cOff + 1 * ldc + 3 * L);
        c20.intoArray(c, cOff + 2 * ldc); c21.intoArray(c, cOff + 2 * ldc + 1 * L); c22.intoArray(c, cOff + 2 * ldc + 2 * L); c23.intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.intoArray(c, cOff + 3 * ldc); c31.intoArray(c, cOff + 3 * ldc + 1 * L); c32.intoArray(c, cOff + 3 * ldc + 2 * L); c33.intoArray(c, cOff + 3 * ldc + 3 * L);
        c40.intoArray(c, cOff + 4 * ldc); c41.intoArray(c, cOff + 4 * ldc + 1 * L); c42.intoArray(c, cOff + 4 * ldc + 2 * L); c43.intoArray(c, cOff + 4 * ldc + 3 * L);
        c50.intoArray(c, cOff + 5 * ldc); c51.intoArray(c, cOff + 5 * ldc + 1 * L); c52.intoArray(c, cOff + 5 * ldc + 2 * L); c53.intoArray(c, cOff + 5 * ldc + 3 * L);
    }

    /** The 6 x 2 tile of {@link Tiles#tileIndirectStrided}. */
    private static void indirectStrided6x2(float[] a, int[] aRow, int a0, int a1, int a2, int a3, int a4, int a5,
                                    float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + 1 * L);
            c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + 1 * L);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 1 * L);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 1 * L);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 1 * L);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 1 * L);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(S);
        }
        for (int kk = k0; kk < k1; kk++) {
            int bb = bOff + kk * ldb;
            int ak = aRow[kk];
            FloatVector b0 = FloatVector.fromArray(S, b, bb);
            FloatVector b1 = FloatVector.fromArray(S, b, bb + 1 * L);
            FloatVector v0 = FloatVector.broadcast(S, a[ak + a0]);
            c00 = b0.fma(v0, c00); c01 = b1.fma(v0, c01);
            FloatVector v1 = FloatVector.broadcast(S, a[ak + a1]);
            c10 = b0.fma(v1, c10); c11 = b1.fma(v1, c11);
            FloatVector v2 = FloatVector.broadcast(S, a[ak + a2]);
            c20 = b0.fma(v2, c20); c21 = b1.fma(v2, c21);
            FloatVector v3 = FloatVector.broadcast(S, a[ak + a3]);
            c30 = b0.fma(v3, c30); c31 = b1.fma(v3, c31);
            FloatVector v4 = FloatVector.broadcast(S, a[ak + a4]);
            c40 = b0.fma(v4, c40); c41 = b1.fma(v4, c41);
            FloatVector v5 = FloatVector.broadcast(S, a[ak + a5]);
            c50 = b0.fma(v5, c50); c51 = b1.fma(v5, c51);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + 1 * L);
        c10.intoArray(c, cOff + 1 * ldc); c11.intoArray(c, cOff + 1 * ldc + 1 * L);
        c20.intoArray(c, cOff + 2 * ldc); c21.intoArray(c, cOff + 2 * ldc + 1 * L);
        c30.intoArray(c, cOff + 3 * ldc); c31.intoArray(c, cOff + 3 * ldc + 1 * L);
        c40.intoArray(c, cOff + 4 * ldc); c41.intoArray(c, cOff + 4 * ldc + 1 * L);
        c50.intoArray(c, cOff + 5 * ldc); c51.intoArray(c, cOff + 5 * ldc + 1 * L);
    }

    /**
     * {@link Tiles#finish}: {@code dst[j] = act(src[j] + bias (+ residual[j]))} for {@code j < len}, whole
     * vectors with the last one moved left to end at {@code len} (it recomputes a few elements from the
     * same inputs: same bits), scalar only where {@code len < L}.
     */
    static void finish(float[] src, int s, float[] dst, int d, int len, float bias, float[] res, int r, boolean relu) {
        if (len < L) {
            Tiles.scalarFinish(src, s, dst, d, len, bias, res, r, relu);
            return;
        }
        FloatVector bv = FloatVector.broadcast(S, bias);
        for (int j = 0; ; j += L) {
            int at = Math.min(j, len - L);
            FloatVector v = FloatVector.fromArray(S, src, s + at).add(bv);
            if (res != null) {
                v = v.add(FloatVector.fromArray(S, res, r + at));
            }
            if (relu) {
                v = ZERO.blend(v, v.compare(VectorOperators.GT, 0f));
            }
            v.intoArray(dst, d + at);
            if (at == len - L) {
                return;
            }
        }
    }

    /** {@link Tiles#addInto}: whole vectors, then the ragged end one by one. */
    static void addInto(float[] src, int s, float[] dst, int d, int len) {
        int j = 0;
        for (; j + L <= len; j += L) {
            FloatVector.fromArray(S, dst, d + j).add(FloatVector.fromArray(S, src, s + j)).intoArray(dst, d + j);
        }
        for (; j < len; j++) {
            dst[d + j] += src[s + j];
        }
    }

    /** {@link Tiles#axpy}: whole vectors, then the ragged end one by one (the same FMA per element). */
    static void axpy(float w, float[] src, int s, float[] dst, int d, int len) {
        FloatVector wv = FloatVector.broadcast(S, w);
        int j = 0;
        for (; j + L <= len; j += L) {
            FloatVector.fromArray(S, src, s + j).fma(wv, FloatVector.fromArray(S, dst, d + j)).intoArray(dst, d + j);
        }
        for (; j < len; j++) {
            dst[d + j] = Math.fma(src[s + j], w, dst[d + j]);
        }
    }

    /** {@link Tiles#dot}: {@code sum_j x[xo + j] y[yo + j]} for {@code j < len}, {@code len} a multiple of {@link #L}, four vector partial sums. */
    static float dot(float[] x, int xo, float[] y, int yo, int len) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j + 4 * L <= len; j += 4 * L) {
            s0 = FloatVector.fromArray(S, x, xo + j).fma(FloatVector.fromArray(S, y, yo + j), s0);
            s1 = FloatVector.fromArray(S, x, xo + j + L).fma(FloatVector.fromArray(S, y, yo + j + L), s1);
            s2 = FloatVector.fromArray(S, x, xo + j + 2 * L).fma(FloatVector.fromArray(S, y, yo + j + 2 * L), s2);
            s3 = FloatVector.fromArray(S, x, xo + j + 3 * L).fma(FloatVector.fromArray(S, y, yo + j + 3 * L), s3);
        }
        for (; j < len; j += L) {
            s0 = FloatVector.fromArray(S, x, xo + j).fma(FloatVector.fromArray(S, y, yo + j), s0);
        }
        return s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    }

    /**
     * {@link Tiles#depthwiseRow}: {@code out[o + j] = sum_t w[wo + t] src[base[t] + q + j]} for {@code j < len}
     * ({@code len} a multiple of {@link #L}), {@code t < taps}: four output vectors at a time, every tap's weight
     * broadcast once per four vectors.
     */
    static void depthwiseRow(float[] w, int wo, int taps, float[] src, int[] base, int baseOff, int q, float[] out, int o, int len) {
        int j = 0;
        for (; j + 4 * L <= len; j += 4 * L) {
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
            for (int t = 0; t < taps; t++) {
                FloatVector v = FloatVector.broadcast(S, w[wo + t]);
                int b = base[t] + baseOff + q + j;
                c0 = FloatVector.fromArray(S, src, b).fma(v, c0);
                c1 = FloatVector.fromArray(S, src, b + L).fma(v, c1);
                c2 = FloatVector.fromArray(S, src, b + 2 * L).fma(v, c2);
                c3 = FloatVector.fromArray(S, src, b + 3 * L).fma(v, c3);
            }
            c0.intoArray(out, o + j);
            c1.intoArray(out, o + j + L);
            c2.intoArray(out, o + j + 2 * L);
            c3.intoArray(out, o + j + 3 * L);
        }
        for (; j < len; j += L) {
            FloatVector c0 = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                c0 = FloatVector.fromArray(S, src, base[t] + baseOff + q + j).fma(FloatVector.broadcast(S, w[wo + t]), c0);
            }
            c0.intoArray(out, o + j);
        }
    }
}
