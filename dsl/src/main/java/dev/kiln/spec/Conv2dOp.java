package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.PaddingMode;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Conv2d}: a 2-D cross-correlation with weights {@code (filters, inChannels / groups, kh, kw)}, an
 * optional bias per filter, then the activation. With {@code groups > 1} filter {@code f} reads only the input
 * channels of its group {@code f / (filters / groups)} (PyTorch's {@code groups}; depthwise when
 * {@code groups} is the input's channels).
 *
 * @param same        whether the window's padding came from {@code same = true}
 * @param paddingMode what is read outside the input
 * @param init        the initialiser as declared ({@link #resolvedInit()} resolves {@code DEFAULT})
 * @param groups      groups of input channels and filters; divides both
 */
public record Conv2dOp(String name, String from, Shape input, int filters, Window window, boolean same,
                       PaddingMode paddingMode, boolean bias, Activation activation, Init init, int groups)
        implements UnaryOp {

    public Conv2dOp {
        if (groups < 1 || input.channels() % groups != 0 || filters % groups != 0) {
            throw new IllegalArgumentException(name + ": groups = " + groups + " must divide the input channels ("
                    + input.channels() + ") and the filters (" + filters + ")");
        }
    }

    /** An ordinary convolution ({@code groups = 1}). */
    public Conv2dOp(String name, String from, Shape input, int filters, Window window, boolean same,
                    PaddingMode paddingMode, boolean bias, Activation activation, Init init) {
        this(name, from, input, filters, window, same, paddingMode, bias, activation, init, 1);
    }

    /** Input channels each filter reads: {@code inChannels / groups}. */
    public int groupChannels() {
        return input.channels() / groups;
    }

    /** Filters per group: {@code filters / groups}. */
    public int groupFilters() {
        return filters / groups;
    }

    @Override
    public Shape output() {
        return Shape.of(filters, (int) window.outputHeight(input.height()), (int) window.outputWidth(input.width()));
    }

    @Override
    public LayerKind kind() {
        return LayerKind.CONV2D;
    }

    /** Inputs one output element reads: {@code inChannels / groups x kh x kw} (PyTorch's fan-in). */
    public long fanIn() {
        return (long) groupChannels() * window.kernelH() * window.kernelW();
    }

    /** Glorot's fan-out: {@code filters x kh x kw}. */
    public long fanOut() {
        return (long) filters * window.kernelH() * window.kernelW();
    }

    public int[] weightShape() {
        return new int[] {filters, groupChannels(), window.kernelH(), window.kernelW()};
    }

    public long weightCount() {
        return Math.multiplyExact(fanIn(), filters);
    }

    public Init resolvedInit() {
        return Inits.resolve(init, activation);
    }

    @Override
    public List<Parameter> parameters() {
        return Inits.weightAndBias(weightShape(), bias, filters, resolvedInit(), fanIn(), fanOut());
    }

    @Override
    public long multiplies() {
        return Math.multiplyExact(output().size(), fanIn());
    }

    @Override
    public Reach reach() {
        return Reach.window(window);
    }

    @Override
    public boolean hasFilters() {
        return true;
    }

    @Override
    public Conv2dOp withInputs(List<String> inputs) {
        return new Conv2dOp(name, UnaryOp.single(inputs), input, filters, window, same, paddingMode, bias, activation, init,
                groups);
    }

    /** A conv ends in its per-output-channel weights and bias: a following batch norm folds in, with a bias. */
    @Override
    public Optional<Op> withBatchNormFolded(Activation after) {
        if (activation != Activation.NONE) {
            return Optional.empty();
        }
        return Optional.of(new Conv2dOp(name, from, input, filters, window, same, paddingMode, true, after, init, groups));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.conv(this);
    }
}
