package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2-D convolution (cross-correlation, as in every framework). {@code kernel}, {@code stride},
 * {@code padding} and {@code dilation} take one value (square) or two ({@code {height, width}}).
 *
 * <p>Output size per dimension: {@code floor((in + 2 padding - dilation (kernel - 1) - 1) / stride) + 1}.
 * With {@code same = true} the padding is chosen as Keras' {@code padding='same'} does, so that
 * the output is {@code ceil(in / stride)}; any extra row or column of padding goes at the bottom
 * or right. Weights are laid out {@code (filters, inChannels / groups, kernelHeight, kernelWidth)}, as in PyTorch.
 *
 * <p>{@code groups} splits the input channels and the filters into that many groups, each group of filters
 * seeing only its group of channels (PyTorch's {@code groups}); it must divide both. {@code groups} equal to
 * the input channels is a depthwise convolution (MobileNet, EfficientNet).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv2d {
    /** Number of output channels. */
    int filters();

    /** Kernel size: {@code {k}} or {@code {kh, kw}}. */
    int[] kernel();

    /** Stride: {@code {s}} or {@code {sh, sw}}. */
    int[] stride() default 1;

    /** Padding on each side: {@code {p}} or {@code {ph, pw}}. Must be 0 when {@code same} is set. */
    int[] padding() default 0;

    /** Keras' {@code padding='same'}: output = ceil(input / stride). */
    boolean same() default false;

    /** What is read outside the input. */
    PaddingMode paddingMode() default PaddingMode.ZEROS;

    /** Dilation: {@code {d}} or {@code {dh, dw}}. */
    int[] dilation() default 1;

    /** Whether the layer adds a bias per filter. */
    boolean bias() default true;

    /** Activation applied to the output. */
    Activation activation() default Activation.NONE;

    /**
     * Groups of input channels and filters: filter {@code f} sees input channels
     * {@code [g C/groups, (g + 1) C/groups)} for {@code g = f / (filters / groups)}. Must divide the input
     * channels and {@code filters}; 1 (the default) is an ordinary convolution.
     */
    int groups() default 1;

    /** Weight initialiser. */
    Init init() default Init.DEFAULT;

    /**
     * The tensors this layer reads: empty for the previous field's output (the network input for
     * the first field), else layer names declared before this one, or {@code "input"} for the
     * network input.
     */
    String[] from() default {};
}
