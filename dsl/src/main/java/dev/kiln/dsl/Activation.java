package dev.kiln.dsl;

/** Element-wise activations, applied to a layer's output. Each is PyTorch's function of the same name. */
public enum Activation {
    /** Identity. */
    NONE,
    /** max(0, x). */
    RELU,
    /** x for x &gt; 0, {@link #LEAKY_RELU_SLOPE} x otherwise (PyTorch's default slope). */
    LEAKY_RELU,
    /** 1 / (1 + e^-x). */
    SIGMOID,
    /** tanh(x). */
    TANH,
    /** Softmax over the units of the last dense layer; only there, and only with {@link Loss#SOFTMAX_CROSS_ENTROPY}. */
    SOFTMAX,
    /** min(max(x, 0), 6) (MobileNet V2). */
    RELU6,
    /** x relu6(x + 3) / 6 (MobileNet V3's h-swish). */
    HARD_SWISH,
    /** relu6(x + 3) / 6 (MobileNet V3's squeeze-and-excitation gate). */
    HARD_SIGMOID,
    /** x sigmoid(x), also called swish (EfficientNet). */
    SILU,
    /** x Phi(x), Phi the standard normal distribution function: x (1 + erf(x / sqrt 2)) / 2, the exact form. */
    GELU;

    /**
     * The negative slope of {@link #LEAKY_RELU}, 0.01 as PyTorch's default: the one place every
     * backend, the reference and the ONNX export take it from.
     */
    public static final double LEAKY_RELU_SLOPE = 0.01;

    /**
     * Whether the derivative at an input follows from the activation's output there, so that a backward
     * pass needs only the output (ReLU: positive output, slope 1; sigmoid: y (1 - y)). False for
     * {@link #HARD_SWISH}, {@link #SILU} and {@link #GELU}, which take one value at two inputs with different
     * slopes: backends keep their input (the pre-activation) for backward. Softmax's is fused into the loss.
     */
    public boolean derivativeFromOutput() {
        return switch (this) {
            case NONE, RELU, LEAKY_RELU, SIGMOID, TANH, SOFTMAX, RELU6, HARD_SIGMOID -> true;
            case HARD_SWISH, SILU, GELU -> false;
        };
    }
}
