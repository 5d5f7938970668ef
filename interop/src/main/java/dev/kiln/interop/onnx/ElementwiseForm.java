package dev.kiln.interop.onnx;

import dev.kiln.interop.imports.Activation;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A function of one tensor applied element by element, as the ONNX nodes that spell it compute it
 * (in double precision), possibly with a constant per channel: {@code Clip(x, 0, 6)},
 * {@code Mul(x, Sigmoid(x))}, {@code Mul(Mul(x, 0.5), Add(Erf(Div(x, 1.414)), 1))}, {@code Div(Sub(x, mean), std)}.
 * The import does not match op patterns: it asks which Kiln activation the function is
 * ({@link #activation}), or whether it is an affine map per channel ({@link #affine}, an input's
 * normalisation), by evaluating it.
 */
@FunctionalInterface
interface ElementwiseForm {
    /** f(x) for an element of channel {@code channel}. */
    double at(int channel, double x);

    /** The tensor itself. */
    static ElementwiseForm identity() {
        return (c, x) -> x;
    }

    static ElementwiseForm unary(ElementwiseForm a, DoubleUnaryOperator op) {
        return (c, x) -> op.applyAsDouble(a.at(c, x));
    }

    static ElementwiseForm binary(ElementwiseForm a, ElementwiseForm b, DoubleBinaryOperator op) {
        return (c, x) -> op.applyAsDouble(a.at(c, x), b.at(c, x));
    }

    /** A constant: one value for every channel, or one per channel. */
    static ElementwiseForm constant(float[] values) {
        return (c, x) -> values[values.length == 1 ? 0 : c];
    }

    /** The Kiln activation this is on every one of {@code channels} channels, or null. */
    default Activation activation(int channels) {
        Activation first = Activation.identify(x -> at(0, x));
        if (first == null) {
            return null;
        }
        for (int c = 1; c < channels; c++) {
            final int channel = c;
            if (Activation.identify(x -> at(channel, x)) != first) {
                return null;
            }
        }
        return first;
    }

    /** {scale[c], shift[c]} when this is {@code scale[c] x + shift[c]} on every channel, else null. */
    default double[][] affine(int channels) {
        double[] scale = new double[channels];
        double[] shift = new double[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = at(c, 0);
            scale[c] = at(c, 1) - shift[c];
            for (double x = -4; x <= 4; x += 0.25) {
                double want = scale[c] * x + shift[c];
                if (!(Math.abs(at(c, x) - want) <= 1e-6 * Math.max(1, Math.abs(want)))) {
                    return null;
                }
            }
        }
        return new double[][] {scale, shift};
    }
}
