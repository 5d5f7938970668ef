package dev.kiln.runtime.java;

/**
 * The matrix products the generated Java passes call for their forward GEMMs, in two layouts:
 *
 * <pre>
 *   weightsTimesRows:  out[i, j] = bias[i] + sum_k a[i, k] rows[k][j]      a (m, k) row-major, rows k arrays of p
 *   dotRows:           out[i, j] = bias[i] + sum_k a[i, k] b[j, k]          a (m, k), b (n, k), both row-major
 * </pre>
 *
 * <p>and for the backward passes' gradients, with the left operand read through strides (so that a
 * transposed weight or gradient matrix needs no copy):
 *
 * <pre>
 *   matMul:            out[i, j] (+)= sum_k a[i*aRow + k*aCol] b[k*bStride + j]   (input gradients; dense weights)
 *   matMulTransB:      out[i, j]  += sum_q a[i*aStride + q] b[j*bStride + q]      (conv weight gradients)
 * </pre>
 *
 * <p>Where the JVM has the {@code jdk.incubator.vector} module ({@code --add-modules jdk.incubator.vector},
 * as the {@code kiln} launcher and Kiln's tests pass), register-blocked Vector API micro-kernels
 * ({@code VectorGemm}) compute them: 4 rows of {@code a} against 2 vectors' worth of columns, eight
 * accumulators held in registers. Otherwise, or with {@code -Dkiln.vector=false}, plain loops that
 * the JIT auto-vectorises do. Each path fixes its order of additions, so results are repeatable bit
 * for bit on a given machine and path (the two paths round differently from each other).
 * Neither allocates.
 */
public final class Gemm {
    /** Whether the Vector API kernels are in use. */
    public static final boolean VECTOR = vectorAvailable();

    private Gemm() {
    }

    /** What the JVM is told, once, when it lacks the Vector API module and nobody chose the plain loops. */
    static final String MISSING_VECTOR = "kiln: the generated Java code runs its plain loops, which are slower: this JVM "
            + "lacks the Vector API; start it with --add-modules jdk.incubator.vector (or choose the loops with "
            + "-Dkiln.vector=false)";

    private static boolean vectorAvailable() {
        if (!Boolean.parseBoolean(System.getProperty("kiln.vector", "true"))) {
            return false;
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            // once per JVM (this runs in the class's initialiser), on stderr: an API user would not know otherwise
            System.err.println(MISSING_VECTOR);
        }
        return present;
    }

    /** "vector (16 fp32 lanes)" or "scalar loops", for descriptions. */
    public static String describe() {
        return VECTOR ? VectorGemm.describe() : "scalar loops (start the JVM with --add-modules jdk.incubator.vector for the Vector API kernels)";
    }

    /**
     * {@code out[outOff + i*p + j] = bias[biasOff + i] + sum_kk a[aOff + i*k + kk] * rows[kk][j]} for
     * {@code i < m, j < p}; {@code bias} may be null (zero).
     */
    public static void weightsTimesRows(float[] a, int aOff, int m, int k, float[][] rows, int p,
                                        float[] bias, int biasOff, float[] out, int outOff) {
        weightsTimesRows(a, aOff, m, k, rows, p, bias, biasOff, out, outOff, false);
    }

    /**
     * {@link #weightsTimesRows(float[], int, int, int, float[][], int, float[], int, float[], int)}, then,
     * where {@code relu}, {@code z > 0 ? z : 0} on each element as it is stored: a separate pass costs
     * a mispredicted branch per element where the JIT does not vectorise it, more than the GEMM itself
     * for a first layer. The same values as the activation applied afterwards, bit for bit.
     */
    public static void weightsTimesRows(float[] a, int aOff, int m, int k, float[][] rows, int p,
                                        float[] bias, int biasOff, float[] out, int outOff, boolean relu) {
        if (VECTOR) {
            VectorGemm.weightsTimesRows(a, aOff, m, k, rows, p, bias, biasOff, out, outOff, relu);
        } else {
            scalarWeightsTimesRows(a, aOff, m, k, rows, p, bias, biasOff, out, outOff, relu);
        }
    }

    /**
     * {@code out[outOff + i*rowStride + j*colStride] = bias[biasOff + i] + sum_kk a[aOff + i*k + kk] * b[bOff + j*k + kk]}
     * for {@code i < m, j < n}; {@code bias} may be null (zero).
     */
    public static void dotRows(float[] a, int aOff, int m, float[] b, int bOff, int n, int k,
                               float[] bias, int biasOff, float[] out, int outOff, int rowStride, int colStride) {
        if (VECTOR) {
            VectorGemm.dotRows(a, aOff, m, b, bOff, n, k, bias, biasOff, out, outOff, rowStride, colStride);
        } else {
            scalarDotRows(a, aOff, m, b, bOff, n, k, bias, biasOff, out, outOff, rowStride, colStride);
        }
    }

    /** The fallback of {@link #weightsTimesRows}: four rows of {@code rows} per sweep along the output row. */
    static void scalarWeightsTimesRows(float[] a, int aOff, int m, int k, float[][] rows, int p,
                                       float[] bias, int biasOff, float[] out, int outOff, boolean relu) {
        for (int i = 0; i < m; i++) {
            int o = outOff + i * p;
            int w = aOff + i * k;
            java.util.Arrays.fill(out, o, o + p, bias == null ? 0f : bias[biasOff + i]);
            int kk = 0;
            for (; kk + 4 <= k; kk += 4) {
                float w0 = a[w + kk], w1 = a[w + kk + 1], w2 = a[w + kk + 2], w3 = a[w + kk + 3];
                float[] r0 = rows[kk], r1 = rows[kk + 1], r2 = rows[kk + 2], r3 = rows[kk + 3];
                for (int j = 0; j < p; j++) {
                    out[o + j] += w0 * r0[j] + w1 * r1[j] + w2 * r2[j] + w3 * r3[j];
                }
            }
            for (; kk < k; kk++) {
                float wk = a[w + kk];
                float[] r = rows[kk];
                for (int j = 0; j < p; j++) {
                    out[o + j] += wk * r[j];
                }
            }
            if (relu) {
                for (int j = 0; j < p; j++) {
                    float z = out[o + j];
                    out[o + j] = z > 0f ? z : 0f;
                }
            }
        }
    }

    /** The fallback of {@link #dotRows}: four partial sums per dot product. */
    static void scalarDotRows(float[] a, int aOff, int m, float[] b, int bOff, int n, int k,
                              float[] bias, int biasOff, float[] out, int outOff, int rowStride, int colStride) {
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * k;
            float b0 = bias == null ? 0f : bias[biasOff + i];
            for (int j = 0; j < n; j++) {
                out[outOff + i * rowStride + j * colStride] = b0 + scalarDot(a, ar, b, bOff + j * k, k);
            }
        }
    }

    /**
     * {@code out[outOff + i*p + j] = (accumulate ? out[...] : 0) + sum_kk a[aOff + i*aRow + kk*aCol] * b[bOff + kk*bStride + j]}
     * for {@code i < m, j < p}: C (+)= A B with A read through strides. The backward passes call it for
     * input gradients ({@code W^T dZ}: A is the weight matrix read column-wise, no transposed copy) and
     * for a dense layer's weight gradient ({@code dZ^T X} over a worker's images).
     */
    public static void matMul(float[] a, int aOff, int aRow, int aCol, int m, int k, float[] b, int bOff, int bStride, int p,
                              float[] out, int outOff, boolean accumulate) {
        if (VECTOR) {
            VectorGemm.matMul(a, aOff, aRow, aCol, m, k, b, bOff, bStride, p, out, outOff, accumulate);
        } else {
            scalarMatMul(a, aOff, aRow, aCol, m, k, b, bOff, bStride, p, out, outOff, accumulate);
        }
    }

    /**
     * {@code out[outOff + i*outRow + j] += sum_q a[aOff + i*aStride + q] * b[bOff + j*bStride + q]} for
     * {@code i < m, j < n, q < len}: C += A B^T, both operands walked along their contiguous rows. A
     * convolution's weight gradient per image: {@code dW[oc, k] += sum_p dZ[oc, p] col[k, p]}.
     */
    public static void matMulTransB(float[] a, int aOff, int aStride, int m, float[] b, int bOff, int bStride, int n, int len,
                                    float[] out, int outOff, int outRow) {
        if (VECTOR) {
            VectorGemm.matMulTransB(a, aOff, aStride, m, b, bOff, bStride, n, len, out, outOff, outRow);
        } else {
            scalarMatMulTransB(a, aOff, aStride, m, b, bOff, bStride, n, len, out, outOff, outRow);
        }
    }

    /** The fallback of {@link #matMul}: one axpy along the output row per element of A. */
    static void scalarMatMul(float[] a, int aOff, int aRow, int aCol, int m, int k, float[] b, int bOff, int bStride, int p,
                             float[] out, int outOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int o = outOff + i * p;
            if (!accumulate) {
                java.util.Arrays.fill(out, o, o + p, 0f);
            }
            int ai = aOff + i * aRow;
            for (int kk = 0; kk < k; kk++) {
                float av = a[ai + kk * aCol];
                int bb = bOff + kk * bStride;
                for (int j = 0; j < p; j++) {
                    out[o + j] += av * b[bb + j];
                }
            }
        }
    }

    /** The fallback of {@link #matMulTransB}: four partial sums per dot product. */
    static void scalarMatMulTransB(float[] a, int aOff, int aStride, int m, float[] b, int bOff, int bStride, int n, int len,
                                   float[] out, int outOff, int outRow) {
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * aStride;
            for (int j = 0; j < n; j++) {
                out[outOff + i * outRow + j] += scalarDot(a, ar, b, bOff + j * bStride, len);
            }
        }
    }

    /** {@code sum_q a[ar + q] * b[br + q]} for {@code q < len}, in four partial sums (the fallbacks' dot product). */
    private static float scalarDot(float[] a, int ar, float[] b, int br, int len) {
        float z0 = 0f, z1 = 0f, z2 = 0f, z3 = 0f;
        int q = 0;
        for (; q + 4 <= len; q += 4) {
            z0 += a[ar + q] * b[br + q];
            z1 += a[ar + q + 1] * b[br + q + 1];
            z2 += a[ar + q + 2] * b[br + q + 2];
            z3 += a[ar + q + 3] * b[br + q + 3];
        }
        for (; q < len; q++) {
            z0 += a[ar + q] * b[br + q];
        }
        return (z0 + z1) + (z2 + z3);
    }
}
