package dev.kiln.dsl;

/** Element-wise activations, applied to a layer's output. */
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
    SOFTMAX;

    /**
     * The negative slope of {@link #LEAKY_RELU}, 0.01 as PyTorch's default: the one place every
     * backend, the reference and the ONNX export take it from.
     */
    public static final double LEAKY_RELU_SLOPE = 0.01;
}
