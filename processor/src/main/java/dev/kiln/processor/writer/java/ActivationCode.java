package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.dsl.Activation;

/**
 * Element-wise activations as Java expressions, and their derivatives written in terms of the
 * activation's output {@code y} where that determines them, so that backward needs no pre-activation
 * buffer: ReLU and leaky ReLU keep the sign of their input, sigmoid' = y (1 - y), tanh' = 1 - y^2,
 * ReLU6 and hard sigmoid have slope 1 and 1/6 strictly inside their ranges. Hard swish, SiLU and GELU
 * take one value at two inputs with different slopes ({@link Activation#derivativeFromOutput()}): their
 * derivatives are written in terms of the pre-activation {@code z} ({@link #derivativeAtInput}), which
 * {@link PreActivationCode} keeps.
 */
final class ActivationCode {
    private static final ClassName ACTIVATIONS = ClassName.get("dev.kiln.runtime.java", "Activations");
    private static final ClassName SMOOTH = ClassName.get("dev.kiln.runtime.java", "SmoothActivations");
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
            case RELU6 -> "Math.min(Math.max(" + x + ", 0f), 6f)";
            case HARD_SIGMOID -> "Math.min(Math.max(" + x + " + 3f, 0f), 6f) / 6f";
            case HARD_SWISH -> x + " * Math.min(Math.max(" + x + " + 3f, 0f), 6f) / 6f";
            case SILU -> x + " / (1f + (float) Math.exp(-" + x + "))";
            case GELU -> SMOOTH.canonicalName() + ".gelu(" + x + ")";
            case SOFTMAX -> throw new IllegalArgumentException(
                    "softmax is applied over a layer's units, never element-wise; only the last layer with softmax cross-entropy has it");
        };
    }

    /**
     * {@code g} times the derivative at output {@code y}; null for {@link Activation#NONE} (nothing to fold).
     * Only for activations whose derivative the output determines ({@link Activation#derivativeFromOutput()}).
     */
    static String derivative(Activation a, String g, String y) {
        return switch (a) {
            case NONE -> null;
            case RELU -> "(" + y + " > 0f ? " + g + " : 0f)";
            case LEAKY_RELU -> "(" + y + " > 0f ? " + g + " : " + LEAKY_SLOPE + " * " + g + ")";
            case SIGMOID -> g + " * " + y + " * (1f - " + y + ")";
            case TANH -> g + " * (1f - " + y + " * " + y + ")";
            case RELU6 -> "(" + y + " > 0f && " + y + " < 6f ? " + g + " : 0f)";
            case HARD_SIGMOID -> "(" + y + " > 0f && " + y + " < 1f ? " + g + " / 6f : 0f)";
            case HARD_SWISH, SILU, GELU -> throw new IllegalArgumentException(
                    a + "'s derivative needs the pre-activation (derivativeAtInput)");
            case SOFTMAX -> throw new IllegalArgumentException("softmax's derivative is fused into the loss");
        };
    }

    /**
     * {@code g} times the derivative at pre-activation {@code z} (an identifier: it may be read twice), with
     * PyTorch's choices at the kinks: hard swish's slope is 0 up to -3, {@code z/3 + 1/2} below 3 and 1 from
     * there. For the activations whose output does not determine their slope.
     */
    static String derivativeAtInput(Activation a, String g, String z) {
        return switch (a) {
            case HARD_SWISH -> "(" + z + " <= -3f ? 0f : " + z + " < 3f ? " + g + " * (" + z + " / 3f + 0.5f) : " + g + ")";
            case SILU -> g + " * " + SMOOTH.canonicalName() + ".siluSlope(" + z + ")";
            case GELU -> g + " * " + SMOOTH.canonicalName() + ".geluSlope(" + z + ")";
            case NONE, RELU, LEAKY_RELU, SIGMOID, TANH, SOFTMAX, RELU6, HARD_SIGMOID -> throw new IllegalArgumentException(
                    a + "'s derivative is taken from the output");
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
     * values: the runtime's vectorised {@code Activations.relu} for ReLU and {@code Activations.silu} for SiLU, a loop over
     * {@link #apply} otherwise.
     */
    static void applyInPlace(CodeBlock.Builder b, Activation a, String array, String from, String to) {
        if (a == Activation.NONE) {
            return;
        }
        if (a == Activation.RELU) {
            b.addStatement("$T.relu($L, $L, $L)", ACTIVATIONS, array, from, to);
            return;
        }
        if (a == Activation.SILU) {
            b.addStatement("$T.silu($L, $L, $L)", ACTIVATIONS, array, from, to);
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
            case RELU6 -> "ReLU6";
            case HARD_SWISH -> "hard swish";
            case HARD_SIGMOID -> "hard sigmoid";
            case SILU -> "SiLU";
            case GELU -> "GELU";
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
