package dev.kiln.runtime.java.conv;

import dev.kiln.runtime.java.Gemm;

/**
 * {@link Winograd3x3}'s input and output transforms along the tiles, in Vector API lanes where the JVM has
 * the module ({@code VectorWinograd}), plain loops otherwise. Both compute exactly these sums, in this order:
 *
 * <pre>
 *   input  (B^T d B):  e[i][q] from the columns of d:  e0 = d0 - d2, e1 = d1 + d2, e2 = d2 - d1, e3 = d1 - d3,
 *                      then V[i][j] from the rows of e in the same way
 *   output (A^T M A):  a[0][j] = (m0j + m1j) + m2j, a[1][j] = (m1j - m2j) - m3j,
 *                      then y[i][0] = (ai0 + ai1) + ai2, y[i][1] = (ai1 - ai2) - ai3
 * </pre>
 */
final class WinogradTransforms {
    private WinogradTransforms() {
    }

    /**
     * {@code v[vOff + xi * xiStride + t] = (B^T d B)[xi]} for tiles {@code t} in {@code [0, len)} (and up to the next whole vector
     * beyond), with patch element {@code e} of tile {@code t} at {@code src[base + patch[e] + t]}.
     */
    static void input(float[] src, int base, int[] patch, float[] v, int vOff, int xiStride, int len) {
        if (Gemm.VECTOR) {
            VectorWinograd.input(src, base, patch, v, vOff, xiStride, len);
            return;
        }
        float[] d = new float[16];
        float[] e = new float[16];
        for (int t = 0; t < len; t++) {
            for (int i = 0; i < 16; i++) {
                d[i] = src[base + patch[i] + t];
            }
            for (int q = 0; q < 4; q++) {
                e[q] = d[q] - d[8 + q];
                e[4 + q] = d[4 + q] + d[8 + q];
                e[8 + q] = d[8 + q] - d[4 + q];
                e[12 + q] = d[4 + q] - d[12 + q];
            }
            for (int i = 0; i < 4; i++) {
                int o = vOff + 4 * i * xiStride + t;
                v[o] = e[4 * i] - e[4 * i + 2];
                v[o + xiStride] = e[4 * i + 1] + e[4 * i + 2];
                v[o + 2 * xiStride] = e[4 * i + 2] - e[4 * i + 1];
                v[o + 3 * xiStride] = e[4 * i + 1] - e[4 * i + 3];
            }
        }
    }

    /**
     * {@code y[k * stride + t]} for {@code k} = y00, y01, y10, y11 of tiles {@code t} in {@code [0, len)}, from the products
     * {@code p[off + xi * xiStride + t]}; {@code stride} is {@code len} rounded up to whole vectors.
     */
    static void output(float[] p, int off, int xiStride, float[] y, int len) {
        int stride = SourcePlanes.roundUp(len, Tiles.LANES);
        if (Gemm.VECTOR) {
            VectorWinograd.output(p, off, xiStride, y, stride, len);
            return;
        }
        float[] a = new float[8];
        for (int t = 0; t < len; t++) {
            for (int j = 0; j < 4; j++) {
                float m0 = p[off + j * xiStride + t];
                float m1 = p[off + (4 + j) * xiStride + t];
                float m2 = p[off + (8 + j) * xiStride + t];
                float m3 = p[off + (12 + j) * xiStride + t];
                a[j] = (m0 + m1) + m2;
                a[4 + j] = (m1 - m2) - m3;
            }
            for (int i = 0; i < 2; i++) {
                y[(2 * i) * stride + t] = (a[4 * i] + a[4 * i + 1]) + a[4 * i + 2];
                y[(2 * i + 1) * stride + t] = (a[4 * i + 1] - a[4 * i + 2]) - a[4 * i + 3];
            }
        }
    }
}
