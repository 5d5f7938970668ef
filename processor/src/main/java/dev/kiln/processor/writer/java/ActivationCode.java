package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.dsl.Activation;

/**
 * Element-wise activations as Java expressions, and their derivatives written in terms of the
 * activation's output {@code y} so that backward needs no pre-activation buffer: ReLU and leaky
 * ReLU keep the sign of their input, sigmoid' = y (1 - y), tanh' = 1 - y^2.
 */
final class ActivationCode {
    private static final ClassName ACTIVATIONS = ClassName.get("dev.kiln.runtime.java", "Activations");
    /** {@link Activation#LEAKY_RELU_SLOPE} as a float literal, {@code 0.01f}. */
    private static final String LEAKY_SLOPE = Float.toString((float) Activation.LEAKY_RELU_SLOPE) + "f";

    private ActivationCode() {
    }

    /** The activation of the float expression {@code x} (an identifier: it may be read twice). */
    static String apply(Activation a, String x) {
        return switch (a) {
            case NONE -> x;
            case RELU -> "(" + x + " > 0f ? " + x + " : 0f)";
            case LEAKY_RELU -> "(" + x + " > 0f ? " + x + " : " + LEAKY_SLOPE + " * " + x + ")";
            case SIGMOID -> "1f / (1f + (float) Math.exp(-" + x + "))";
            case TANH -> "(float) Math.tanh(" + x + ")";
            case SOFTMAX -> throw new IllegalArgumentException(
                    "softmax is applied over a layer's units, never element-wise; only the last layer with softmax cross-entropy has it");
        };
    }

    /** {@code g} times the derivative at output {@code y}; null for {@link Activation#NONE} (nothing to fold). */
    static String derivative(Activation a, String g, String y) {
        return switch (a) {
            case NONE -> null;
            case RELU -> "(" + y + " > 0f ? " + g + " : 0f)";
            case LEAKY_RELU -> "(" + y + " > 0f ? " + g + " : " + LEAKY_SLOPE + " * " + g + ")";
            case SIGMOID -> g + " * " + y + " * (1f - " + y + ")";
            case TANH -> g + " * (1f - " + y + " * " + y + ")";
            case SOFTMAX -> throw new IllegalArgumentException("softmax's derivative is fused into the loss");
        };
    }

    /**
     * The activation's backward in place over {@code gOut[from, to)}, given the layer's output {@code out}:
     * a call to the runtime's vectorised {@code Activations.reluBackward} for ReLU (HotSpot leaves a
     * select loop scalar), a loop over {@link #derivative} otherwise, nothing for no activation.
     */
    static void derivativeInPlace(CodeBlock.Builder b, Activation a, String from, String to) {
        if (a == Activation.RELU) {
            b.addStatement("$T.reluBackward(gOut, out, $L, $L)", ACTIVATIONS, from, to);
            return;
        }
        String deriv = derivative(a, "gOut[i]", "out[i]");
        if (deriv != null) {
            b.beginControlFlow("for (int i = $L; i < $L; i++)", from, to).addStatement("gOut[i] = $L", deriv).endControlFlow();
        }
    }

    /**
     * The activation applied in place to {@code array[from, to)} after a loop that wrote the pre-activation
     * values: the runtime's vectorised {@code Activations.relu} for ReLU, a loop over {@link #apply} otherwise.
     */
    static void applyInPlace(CodeBlock.Builder b, Activation a, String array, String from, String to) {
        if (a == Activation.NONE) {
            return;
        }
        if (a == Activation.RELU) {
            b.addStatement("$T.relu($L, $L, $L)", ACTIVATIONS, array, from, to);
            return;
        }
        b.beginControlFlow("for (int i = $L; i < $L; i++)", from, to)
                .addStatement("$L[i] = $L", array, apply(a, array + "[i]")).endControlFlow();
    }

    /** How summaries and Javadoc name it, e.g. {@code ReLU}. */
    static String display(Activation a) {
        return switch (a) {
            case NONE -> "no activation";
            case RELU -> "ReLU";
            case LEAKY_RELU -> "leaky ReLU (" + Activation.LEAKY_RELU_SLOPE + ")";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
            case SOFTMAX -> "softmax";
        };
    }

    /** {@code " + ReLU"}, or nothing for {@link Activation#NONE}: the tail of a fusion note. */
    static String plus(Activation a) {
        return a == Activation.NONE ? "" : " + " + display(a);
    }

    /** What backward folds, for a fusion note; nothing for {@link Activation#NONE}. */
    static String backwardNote(Activation a) {
        return a == Activation.NONE ? "" : "; backward folds the " + display(a) + " derivative into the gradients";
    }
}
