package dev.kiln.dsl;

/** Weight initialisers. Biases start at zero, except with {@link #UNIFORM_FAN_IN} (as PyTorch does). */
public enum Init {
    /** {@link #HE_NORMAL} for ReLU and leaky ReLU, {@link #XAVIER_UNIFORM} otherwise. */
    DEFAULT,
    /** Normal with mean 0 and standard deviation sqrt(2 / fanIn). */
    HE_NORMAL,
    /** Uniform in [-a, a], a = sqrt(6 / (fanIn + fanOut)) (Glorot). */
    XAVIER_UNIFORM,
    /** Uniform in [-1/sqrt(k), 1/sqrt(k)], k = fanIn, for weights and biases (PyTorch's default). */
    UNIFORM_FAN_IN,
    /** All zeros. */
    ZEROS,
    /** All ones (batch norm's scale and running variance start here). */
    ONES
}
