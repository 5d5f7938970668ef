package dev.kiln.dsl;

/** Element-wise activations, applied to a layer's output. */
public enum Activation {
    /** Identity. */
    NONE,
    /** max(0, x). */
    RELU,
    /** x for x &gt; 0, 0.01 x otherwise (PyTorch's default slope). */
    LEAKY_RELU,
    /** 1 / (1 + e^-x). */
    SIGMOID,
    /** tanh(x). */
    TANH,
    /** Softmax over the units of the last dense layer; only there, and only with {@link Loss#SOFTMAX_CROSS_ENTROPY}. */
    SOFTMAX
}
