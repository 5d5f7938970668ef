package dev.kiln.dsl;

/** What a convolution reads outside its input. */
public enum PaddingMode {
    /** Zeros. */
    ZEROS,
    /** The nearest edge value (PyTorch's {@code padding_mode='replicate'}). */
    REPLICATE
}
