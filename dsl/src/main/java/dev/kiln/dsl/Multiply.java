package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The element-wise product of two tensors: squeeze-and-excitation's {@code x * gate},
 * {@code @Multiply(from = {"x", "gate"})}. Both have one shape, or one of them is per channel, a
 * {@code (C, 1, 1)} image or a {@code (C)} vector, and is broadcast over the other's {@code (C, H, W)}.
 * The output has the larger shape. Parameter-free; one multiply per output element.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Multiply {
    /** The two layers multiplied (or {@code "input"}); empty, as on every layer, means the previous field alone, which a merge refuses. */
    String[] from() default {};
}
