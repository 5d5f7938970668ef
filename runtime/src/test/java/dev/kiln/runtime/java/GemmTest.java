package dev.kiln.runtime.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both paths of {@link Gemm} against triple loops in double, on shapes with ragged edges in every
 * dimension (rows not a multiple of 4, columns not a multiple of the vector length, odd k), with
 * offsets and strides as the generated code passes them.
 */
class GemmTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {4, 25, 784}, {6, 25, 784}, {16, 150, 100}, {7, 9, 33}, {120, 400, 1},
        {5, 3, 17}, {64, 288, 196}, {3, 1, 47}, {2, 5, 15}, {6, 9, 49}, {4, 4, 32}, {1, 7, 16}};

    @Test
    void theSurefireJvmRunsTheVectorKernels() {
        // surefire passes --add-modules jdk.incubator.vector, as the kiln launcher does
        assertTrue(Gemm.VECTOR, Gemm.describe());
    }

    @Test
    void weightsTimesRowsMatchesTheDoubleReference() {
        Random r = new Random(1);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], p = s[2];
            float[] a = random(r, 3 + m * k);
            float[] bias = random(r, 2 + m);
            float[][] rows = new float[k][];
            for (int kk = 0; kk < k; kk++) {
                rows[kk] = random(r, p);
            }
            float[] vector = new float[5 + m * p];
            float[] scalar = new float[5 + m * p];
            if (Gemm.VECTOR) {
                VectorGemm.weightsTimesRows(a, 3, m, k, rows, p, bias, 2, vector, 5, false);
            }
            Gemm.scalarWeightsTimesRows(a, 3, m, k, rows, p, bias, 2, scalar, 5, false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < p; j++) {
                    double ref = bias[2 + i];
                    double abs = Math.abs(ref);
                    for (int kk = 0; kk < k; kk++) {
                        ref += (double) a[3 + i * k + kk] * rows[kk][j];
                        abs += Math.abs((double) a[3 + i * k + kk] * rows[kk][j]);
                    }
                    double tol = 1e-6 * abs * Math.sqrt(k) + 1e-7;
                    String at = m + "x" + k + "x" + p + " at (" + i + ", " + j + ")";
                    assertEquals(ref, scalar[5 + i * p + j], tol, "scalar " + at);
                    if (Gemm.VECTOR) {
                        assertEquals(ref, vector[5 + i * p + j], tol, "vector " + at);
                    }
                }
            }
            assertEquals(0f, vector[0]);
            assertEquals(0f, scalar[4]);
        }
    }

    /**
     * The vector kernel's blocks overlap at ragged edges (last rows, last columns), so every element must
     * be exactly bias then one FMA per k in order, whichever block wrote it, and nothing outside the
     * output range may be touched.
     */
    @Test
    void weightsTimesRowsIsOneFmaChainPerElementAtEveryEdge() {
        if (!Gemm.VECTOR) {
            return;
        }
        Random r = new Random(3);
        int[][] shapes = {{6, 25, 784}, {5, 9, 196}, {3, 7, 49}, {2, 4, 17}, {1, 3, 15}, {4, 2, 16}, {7, 5, 33}, {9, 11, 47},
            {4, 3, 5}, {6, 150, 100}, {13, 8, 32}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], p = s[2];
            float[] a = random(r, 1 + m * k);
            float[] bias = random(r, m);
            float[][] rows = new float[k][];
            for (int kk = 0; kk < k; kk++) {
                rows[kk] = random(r, p);
            }
            float[] out = new float[2 + m * p + 3];
            java.util.Arrays.fill(out, Float.NaN);
            VectorGemm.weightsTimesRows(a, 1, m, k, rows, p, bias, 0, out, 2, false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < p; j++) {
                    float c = bias[i];
                    for (int kk = 0; kk < k; kk++) {
                        c = Math.fma(rows[kk][j], a[1 + i * k + kk], c);
                    }
                    assertEquals(Float.floatToRawIntBits(c), Float.floatToRawIntBits(out[2 + i * p + j]),
                            m + "x" + k + "x" + p + " at (" + i + ", " + j + ")");
                }
            }
            assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[1]), "before the output");
            for (int t = 2 + m * p; t < out.length; t++) {
                assertTrue(Float.isNaN(out[t]), "after the output");
            }
        }
    }

    /** The fused ReLU is the activation applied after the product, bit for bit, on both paths (NaN becomes 0). */
    @Test
    void fusedReluEqualsReluAfterTheProduct() {
        Random r = new Random(4);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], p = s[2];
            float[] a = random(r, m * k);
            float[] bias = random(r, m);
            float[][] rows = new float[k][];
            for (int kk = 0; kk < k; kk++) {
                rows[kk] = random(r, p);
            }
            if (k > 1 && p > 2) {
                rows[0][p / 2] = Float.NaN;
            }
            for (boolean vector : new boolean[] {false, true}) {
                if (vector && !Gemm.VECTOR) {
                    continue;
                }
                float[] plain = new float[m * p];
                float[] fused = new float[m * p];
                if (vector) {
                    VectorGemm.weightsTimesRows(a, 0, m, k, rows, p, bias, 0, plain, 0, false);
                    VectorGemm.weightsTimesRows(a, 0, m, k, rows, p, bias, 0, fused, 0, true);
                } else {
                    Gemm.scalarWeightsTimesRows(a, 0, m, k, rows, p, bias, 0, plain, 0, false);
                    Gemm.scalarWeightsTimesRows(a, 0, m, k, rows, p, bias, 0, fused, 0, true);
                }
                int negatives = 0;
                for (int e = 0; e < m * p; e++) {
                    float z = plain[e];
                    negatives += z > 0f ? 0 : 1;
                    assertEquals(Float.floatToRawIntBits(z > 0f ? z : 0f), Float.floatToRawIntBits(fused[e]),
                            (vector ? "vector " : "scalar ") + m + "x" + k + "x" + p + " at " + e);
                }
                assertTrue(m * p < 8 || negatives > 0, "some outputs are clipped");
            }
        }
    }

    @Test
    void dotRowsMatchesTheDoubleReferenceWithStrides() {
        Random r = new Random(2);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2] % 70 + 1;
            float[] a = random(r, 1 + m * k);
            float[] b = random(r, 4 + n * k);
            float[] bias = random(r, m);
            // out[n, m] as dense writes it: row stride 1 (units), column stride m (images)
            float[] vector = new float[m * n];
            float[] scalar = new float[m * n];
            if (Gemm.VECTOR) {
                VectorGemm.dotRows(a, 1, m, b, 4, n, k, bias, 0, vector, 0, 1, m);
            }
            Gemm.scalarDotRows(a, 1, m, b, 4, n, k, bias, 0, scalar, 0, 1, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double ref = bias[i];
                    double abs = Math.abs(ref);
                    for (int kk = 0; kk < k; kk++) {
                        ref += (double) a[1 + i * k + kk] * b[4 + j * k + kk];
                        abs += Math.abs((double) a[1 + i * k + kk] * b[4 + j * k + kk]);
                    }
                    double tol = 1e-6 * abs * Math.sqrt(k) + 1e-7;
                    String at = m + "x" + k + "x" + n + " at (" + i + ", " + j + ")";
                    assertEquals(ref, scalar[i + j * m], tol, "scalar " + at);
                    if (Gemm.VECTOR) {
                        assertEquals(ref, vector[i + j * m], tol, "vector " + at);
                    }
                }
            }
        }
    }

    @Test
    void matMulMatchesTheDoubleReferenceThroughStridesInBothModes() {
        Random r = new Random(3);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], p = s[2];
            for (boolean transposedA : new boolean[] {false, true}) {
                // A (m, k) at offset 2: row-major, or read column-wise out of a (k, m) matrix as W^T is
                int aRow = transposedA ? 1 : k, aCol = transposedA ? m : 1;
                float[] a = random(r, 2 + m * k);
                int bStride = p + 3;
                float[] b = random(r, 1 + k * bStride);
                float[] start = random(r, 4 + m * p);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] vector = start.clone();
                    float[] scalar = start.clone();
                    if (Gemm.VECTOR) {
                        VectorGemm.matMul(a, 2, aRow, aCol, m, k, b, 1, bStride, p, vector, 4, accumulate);
                    }
                    Gemm.scalarMatMul(a, 2, aRow, aCol, m, k, b, 1, bStride, p, scalar, 4, accumulate);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < p; j++) {
                            double ref = accumulate ? start[4 + i * p + j] : 0;
                            double abs = Math.abs(ref);
                            float chain = accumulate ? start[4 + i * p + j] : 0f;
                            for (int kk = 0; kk < k; kk++) {
                                float x = a[2 + i * aRow + kk * aCol];
                                float y = b[1 + kk * bStride + j];
                                ref += (double) x * y;
                                abs += Math.abs((double) x * y);
                                chain = Math.fma(y, x, chain);
                            }
                            double tol = 1e-6 * abs * Math.sqrt(k) + 1e-7;
                            String at = m + "x" + k + "x" + p + (transposedA ? " A^T" : "") + (accumulate ? " +=" : " =")
                                    + " at (" + i + ", " + j + ")";
                            assertEquals(ref, scalar[4 + i * p + j], tol, "scalar " + at);
                            if (Gemm.VECTOR) {
                                // one fma chain in k order per element, whichever block (or overlapping tail) computed it
                                assertEquals(Float.floatToIntBits(chain), Float.floatToIntBits(vector[4 + i * p + j]), "vector " + at);
                            }
                        }
                    }
                    assertEquals(start[3], vector[3]);
                    assertEquals(start[3], scalar[3]);
                }
            }
        }
    }

    @Test
    void matMulTransBAddsTheDoubleReferenceWithStrides() {
        Random r = new Random(4);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1] % 40 + 1, len = s[2];
            int aStride = len + 1, bStride = len + 2, outRow = n + 5;
            float[] a = random(r, 3 + m * aStride);
            float[] b = random(r, 2 + n * bStride);
            float[] start = random(r, 1 + m * outRow);
            float[] vector = start.clone();
            float[] scalar = start.clone();
            if (Gemm.VECTOR) {
                VectorGemm.matMulTransB(a, 3, aStride, m, b, 2, bStride, n, len, vector, 1, outRow);
            }
            Gemm.scalarMatMulTransB(a, 3, aStride, m, b, 2, bStride, n, len, scalar, 1, outRow);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < outRow; j++) {
                    int at = 1 + i * outRow + j;
                    if (j >= n) {
                        assertEquals(start[at], scalar[at]);
                        assertEquals(start[at], vector[at]);
                        continue;
                    }
                    double ref = start[at];
                    double abs = Math.abs(ref);
                    for (int q = 0; q < len; q++) {
                        ref += (double) a[3 + i * aStride + q] * b[2 + j * bStride + q];
                        abs += Math.abs((double) a[3 + i * aStride + q] * b[2 + j * bStride + q]);
                    }
                    double tol = 1e-6 * abs * Math.sqrt(len) + 1e-7;
                    String where = m + "x" + n + "x" + len + " at (" + i + ", " + j + ")";
                    assertEquals(ref, scalar[at], tol, "scalar " + where);
                    if (Gemm.VECTOR) {
                        assertEquals(ref, vector[at], tol, "vector " + where);
                    }
                }
            }
        }
    }

    @Test
    void reluBackwardPassesTheGradientWhereTheOutputIsPositiveOnBothPaths() {
        Random r = new Random(5);
        for (int n : new int[] {1, 15, 16, 17, 49, 196, 785}) {
            float[] y = random(r, n + 3);
            y[1] = Float.NaN;
            y[2] = 0f;
            y[3] = -0f;
            float[] g = random(r, n + 3);
            float[] vector = g.clone();
            float[] scalar = g.clone();
            if (Gemm.VECTOR) {
                VectorGemm.reluBackward(vector, y, 1, n + 2);
            }
            Activations.scalarReluBackward(scalar, y, 1, n + 2);
            for (int i = 0; i < n + 3; i++) {
                float expected = i < 1 || i >= n + 2 ? g[i] : (y[i] > 0 ? g[i] : 0f);
                assertEquals(expected, scalar[i], "scalar at " + i + " of " + n);
                if (Gemm.VECTOR) {
                    assertEquals(expected, vector[i], "vector at " + i + " of " + n);
                }
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
