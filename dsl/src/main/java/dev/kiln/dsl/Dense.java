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
}
