package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Channels {@code [start, end)} of an image (PyTorch's {@code x[:, start:end]}, one part of
 * {@code torch.chunk} or {@code split} along channels), or units {@code [start, end)} of a vector:
 * {@code @Slice(from = "x", channels = {0, 58})}. Parameter-free.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Slice {
    /** The first channel taken and the one after the last: {@code {start, end}}, {@code 0 <= start < end <= C}. */
    int[] channels();

    /**
     * The tensors this layer reads: empty for the previous field's output (the network input for
     * the first field), else layer names declared before this one, or {@code "input"} for the
     * network input.
     */
    String[] from() default {};
}
