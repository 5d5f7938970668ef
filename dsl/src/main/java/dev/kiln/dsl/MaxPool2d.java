package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Max pooling: the largest value of each window; padding reads as minus infinity (PyTorch).
 *
 * <p>Output size per dimension: {@code floor((in + 2 padding - size) / stride) + 1}, or with
 * {@code ceilMode} PyTorch's {@code ceil_mode}: {@code ceil((in + 2 padding - size) / stride) + 1}, less one
 * when the last window would start in the right padding (a window starting inside the input or its left
 * padding is kept; the part of it beyond the padding reads nothing). Padding may be
 * at most half the window (PyTorch's rule). Attributes take one value (square) or two
 * ({@code {height, width}}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MaxPool2d {
    /** Window size: {@code {k}} or {@code {kh, kw}}. */
    int[] size();

    /** Stride; empty (the default) means the window size. */
    int[] stride() default {};

    /** Padding on each side. */
    int[] padding() default 0;

    /** PyTorch's {@code ceil_mode}: round the output size up, keeping a last window that starts inside the input. */
    boolean ceilMode() default false;

    /**
     * The tensors this layer reads: empty for the previous field's output (the network input for
     * the first field), else layer names declared before this one, or {@code "input"} for the
     * network input.
     */
    String[] from() default {};
}
