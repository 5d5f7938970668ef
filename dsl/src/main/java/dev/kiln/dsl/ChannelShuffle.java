package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * ShuffleNet's channel shuffle: the {@code C} channels as {@code groups} groups of {@code C / groups},
 * transposed ({@code x.view(N, g, C/g, H, W).transpose(1, 2).reshape(N, C, H, W)}), so that output channel
 * {@code j} is input channel {@code (j % groups) * (C / groups) + j / groups}. {@code groups} must divide the
 * channels. Parameter-free.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface ChannelShuffle {
    /** The number of groups; divides the input's channels. */
    int groups();

    /**
     * The tensors this layer reads: empty for the previous field's output (the network input for
     * the first field), else layer names declared before this one, or {@code "input"} for the
     * network input.
     */
    String[] from() default {};
}
