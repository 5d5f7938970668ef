package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalisation with PyTorch's semantics: per channel of an image ({@code BatchNorm2d}) or
 * per unit of a vector ({@code BatchNorm1d}), then the activation. Training normalises with the
 * batch mean and biased variance and updates {@code running = (1 - momentum) running + momentum batch}
 * using the unbiased batch variance; evaluation uses the running statistics. Parameters
 * {@code weight} (starts at 1) and {@code bias} (0); buffers {@code running_mean} (0),
 * {@code running_var} (1) and {@code num_batches_tracked}, saved under PyTorch's names.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface BatchNorm {
    /** Added to the variance before its square root; greater than 0. */
    double eps() default 1e-5;

    /** Weight of the batch statistic in the running update; in (0, 1]. */
    double momentum() default 0.1;

    /** Activation applied after the affine normalisation. */
    Activation activation() default Activation.NONE;

    /**
     * The tensors this layer reads: empty for the previous field's output (the network input for
     * the first field), else layer names declared before this one, or {@code "input"} for the
     * network input.
     */
    String[] from() default {};
}
