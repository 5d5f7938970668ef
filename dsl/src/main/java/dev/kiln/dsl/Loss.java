package dev.kiln.dsl;

/** Training losses. Every loss is averaged over the batch. */
public enum Loss {
    /**
     * Softmax followed by categorical cross-entropy against a class index. The last layer is a
     * dense layer producing logits ({@link Activation#NONE}) or probabilities
     * ({@link Activation#SOFTMAX}); both are trained the same way.
     */
    SOFTMAX_CROSS_ENTROPY,
    /**
     * Binary cross-entropy against a 0/1 target. The last layer is one unit with
     * {@link Activation#SIGMOID} (or {@link Activation#NONE}, read as a logit).
     */
    BINARY_CROSS_ENTROPY,
    /** Mean squared error, averaged over every output element (for example the pixels of an image output). */
    MEAN_SQUARED_ERROR
}
