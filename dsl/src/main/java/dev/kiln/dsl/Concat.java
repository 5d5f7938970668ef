package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Joins two or more images of equal height and width along channels, in the order listed
 * (Inception, DenseNet), or two or more vectors end to end. Per image, the output holds each
 * input's elements one after the other.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Concat {
    /** Two or more layers declared before this one (or {@code "input"}); empty, as on every layer, means the previous field alone, which a merge refuses. */
    String[] from() default {};
}
