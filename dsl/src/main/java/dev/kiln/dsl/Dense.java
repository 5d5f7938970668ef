package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer on a flat input. Weights are laid out {@code (units, inputs)}, as in
 * PyTorch's {@code Linear}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dense {
    /** Number of outputs. */
    int units();

    /** Activation applied to the output. */
    Activation activation() default Activation.NONE;

    /** Whether the layer adds a bias per unit. */
    boolean bias() default true;

    /** Weight initialiser. */
    Init init() default Init.DEFAULT;

    /**
     * The tensors this layer reads: empty for the previous field's output (the network input for
     * the first field), else layer names declared before this one, or {@code "input"} for the
     * network input.
     */
    String[] from() default {};
}
