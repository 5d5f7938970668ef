package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The element-wise sum of two or more tensors of identical shape, then the activation: ResNet's
 * skip connection, {@code @Add(from = {"b2", "pool"}, activation = Activation.RELU)}. Parameter-free;
 * its gradient flows unchanged (after the activation's derivative) to every input.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Add {
    /** Two or more layers declared before this one (or {@code "input"}), all of one shape; empty, as on every layer, means the previous field alone, which a merge refuses. */
    String[] from() default {};

    /** Activation applied to the sum. */
    Activation activation() default Activation.NONE;
}
