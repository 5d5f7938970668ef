package dev.kiln.runtime.java;

/**
 * Element-wise activation steps that the JIT does not vectorise by itself: a conditional select
 * in a loop ({@code y > 0 ? g : 0}) stays scalar on HotSpot 17, so the generated backward passes
 * call these instead. Vector API where the JVM has the module ({@link Gemm#VECTOR}), plain loops
 * otherwise; both give exactly the same values (a select computes nothing), but for SiLU, whose vector
 * exponential may differ from {@code Math.exp} in the last bit (1.5e-7 relative at most, measured).
 */
public final class Activations {
    private Activations() {
    }

    /**
     * ReLU's backward in place: {@code g[i] = y[i] > 0 ? g[i] : 0} for {@code from <= i < to}, where
     * {@code y} is the layer's output (so a NaN output passes no gradient, as the scalar form).
     */
    public static void reluBackward(float[] g, float[] y, int from, int to) {
        if (Gemm.VECTOR) {
            VectorGemm.reluBackward(g, y, from, to);
        } else {
            scalarReluBackward(g, y, from, to);
        }
    }

    static void scalarReluBackward(float[] g, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            g[i] = y[i] > 0f ? g[i] : 0f;
        }
    }

    /** ReLU in place: {@code x[i] = x[i] > 0 ? x[i] : 0} for {@code from <= i < to} (a NaN becomes 0, as the scalar form). */
    public static void relu(float[] x, int from, int to) {
        if (Gemm.VECTOR) {
            VectorGemm.reluBackward(x, x, from, to);
        } else {
            scalarReluBackward(x, x, from, to);
        }
    }

    /**
     * SiLU in place, {@code x[i] = x[i] / (1 + exp(-x[i]))} for {@code from <= i < to}: the exponential a vector at a time
     * (about 7 times faster than {@code Math.exp} an element at a time, measured on a Zen 5 core).
     */
    public static void silu(float[] x, int from, int to) {
        if (Gemm.VECTOR) {
            VectorGemm.silu(x, from, to);
        } else {
            scalarSilu(x, from, to);
        }
    }

    static void scalarSilu(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = x[i] / (1f + (float) Math.exp(-x[i]));
        }
    }
}
