package dev.kiln.interop.imports;

import static dev.kiln.dsl.Activation.LEAKY_RELU_SLOPE;

import java.util.function.DoubleUnaryOperator;

/**
 * The activations an imported layer may end with, named as Kiln's {@code dev.kiln.dsl.Activation}
 * constants (the source writes {@code Activation.NAME}), each with PyTorch's definition in double
 * precision. The definitions let an import recognise an activation from whatever ops an exporter
 * spelled it with ({@code Clip(0, 6)}, {@code x * HardSigmoid(x)}, {@code 0.5 x (1 + Erf(x / sqrt 2))}):
 * {@link #identify} evaluates the spelled-out function at sample points and compares.
 */
public enum Activation {
    NONE(x -> x),
    RELU(x -> Math.max(0, x)),
    LEAKY_RELU(x -> x > 0 ? x : LEAKY_RELU_SLOPE * x),
    SIGMOID(Activation::sigmoid),
    TANH(Math::tanh),
    /** Only on a dense layer's units; never recognised from a function of one value. */
    SOFTMAX(null),
    RELU6(Activation::relu6),
    HARD_SWISH(x -> x * relu6(x + 3) / 6),
    HARD_SIGMOID(x -> relu6(x + 3) / 6),
    SILU(x -> x * sigmoid(x)),
    GELU(x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))));

    /** Where the functions are compared: both sides of every kink, and far out (ReLU against ReLU6). */
    private static final double[] SAMPLES = samples();

    private final DoubleUnaryOperator f;

    Activation(DoubleUnaryOperator f) {
        this.f = f;
    }

    /** Whether this is one of the activations issue 23 adds to the DSL (RELU6 ... GELU). */
    public boolean isNew() {
        return ordinal() >= RELU6.ordinal();
    }

    /**
     * The activation that {@code g} computes, or null: g must agree with it within 1e-6 (relative
     * to max(1, |y|)) at every sample point in [-40, 40]; the identity is {@link #NONE}.
     */
    public static Activation identify(DoubleUnaryOperator g) {
        for (Activation a : values()) {
            if (a.f != null && agrees(a.f, g)) {
                return a;
            }
        }
        return null;
    }

    private static boolean agrees(DoubleUnaryOperator a, DoubleUnaryOperator g) {
        for (double x : SAMPLES) {
            double want = a.applyAsDouble(x);
            double got = g.applyAsDouble(x);
            if (!(Math.abs(want - got) <= 1e-6 * Math.max(1, Math.abs(want)))) {
                return false;
            }
        }
        return true;
    }

    private static double[] samples() {
        double[] s = new double[161 + 4];
        for (int i = 0; i <= 160; i++) {
            s[i] = -8 + i * 0.1;
        }
        s[161] = -40;
        s[162] = -17.5;
        s[163] = 17.5;
        s[164] = 40;
        return s;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double relu6(double x) {
        return Math.min(Math.max(x, 0), 6);
    }

    /**
     * The error function, from its Maclaurin series for |x| < 3 and its continued fraction beyond:
     * both converge to double precision, well inside the 1e-6 {@link #identify} allows.
     */
    public static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            // erf x = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = a;
            double sum = a;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated from the tail
            double cf = a;
            for (int k = 60; k >= 1; k--) {
                cf = a + k / 2.0 / cf;
            }
            r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / cf;
        }
        return x < 0 ? -r : r;
    }
}
