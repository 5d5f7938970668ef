package dev.kiln.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.AddOp;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.ChannelShuffleOp;
import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.FlattenOp;
import dev.kiln.spec.GlobalAvgPool2dOp;
import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.MultiplyOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import dev.kiln.spec.SliceOp;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Builds a spec layer by layer, for tests: each layer reads the previous layer's output (the input
 * for the first) unless {@link #from(String...)} names what the next layer reads, and its input
 * shapes are looked up. (Generated code writes each op's record itself; a new kind needs no method
 * here, {@link #layer} takes any op.)
 */
public final class SpecBuilder {
    private final String qualifiedName;
    private final Shape input;
    private final Loss loss;
    private final List<Op> layers = new ArrayList<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private List<String> next;

    private SpecBuilder(String qualifiedName, Shape input, Loss loss) {
        this.qualifiedName = qualifiedName;
        this.input = input;
        this.loss = loss;
        shapes.put(Op.INPUT, input);
    }

    /** The tensors the next layer reads: layer names or {@value Op#INPUT}. */
    public SpecBuilder from(String... tensors) {
        next = List.of(tensors);
        return this;
    }

    private List<String> inputs() {
        List<String> in = next != null ? next : List.of(layers.isEmpty() ? Op.INPUT : layers.get(layers.size() - 1).name());
        next = null;
        for (String t : in) {
            if (!shapes.containsKey(t)) {
                throw new IllegalArgumentException(qualifiedName + ": no tensor '" + t + "' before layer " + layers.size());
            }
        }
        return in;
    }

    private String one() {
        List<String> in = inputs();
        if (in.size() != 1) {
            throw new IllegalArgumentException(qualifiedName + ": this kind reads one tensor, not " + in);
        }
        return in.get(0);
    }

    private SpecBuilder append(Op op) {
        layers.add(op);
        shapes.put(op.name(), op.output());
        return this;
    }

    public SpecBuilder conv(String name, int filters, Window window, boolean same, PaddingMode mode, boolean bias,
                        Activation activation, Init init) {
        String from = one();
        return append(new Conv2dOp(name, from, shapes.get(from), filters, window, same, mode, bias, activation, init));
    }

    /** A grouped conv: {@code groups} divides the input's channels and {@code filters}. */
    public SpecBuilder conv(String name, int filters, Window window, boolean same, PaddingMode mode, boolean bias,
                            Activation activation, Init init, int groups) {
        String from = one();
        return append(new Conv2dOp(name, from, shapes.get(from), filters, window, same, mode, bias, activation, init, groups));
    }

    /** A conv with Keras' {@code same} padding computed from its input. */
    public SpecBuilder convSame(String name, int filters, int kernelH, int kernelW, int strideH, int strideW,
                            int dilationH, int dilationW, PaddingMode mode, boolean bias, Activation activation,
                            Init init) {
        String from = one();
        Shape in = shapes.get(from);
        Window w = Window.same(in.height(), in.width(), kernelH, kernelW, strideH, strideW, dilationH, dilationW);
        return append(new Conv2dOp(name, from, in, filters, w, true, mode, bias, activation, init));
    }

    public SpecBuilder maxPool(String name, Window window) {
        String from = one();
        return append(new MaxPool2dOp(name, from, shapes.get(from), window));
    }

    public SpecBuilder avgPool(String name, Window window) {
        String from = one();
        return append(new AvgPool2dOp(name, from, shapes.get(from), window));
    }

    /** Max pooling, rounding the output up with {@code ceilMode} as PyTorch's {@code ceil_mode}. */
    public SpecBuilder maxPool(String name, Window window, boolean ceilMode) {
        String from = one();
        return append(new MaxPool2dOp(name, from, shapes.get(from), window, ceilMode));
    }

    /** Average pooling with PyTorch's {@code ceil_mode} and {@code count_include_pad}. */
    public SpecBuilder avgPool(String name, Window window, boolean ceilMode, boolean countIncludePad) {
        String from = one();
        return append(new AvgPool2dOp(name, from, shapes.get(from), window, ceilMode, countIncludePad));
    }

    /** The product of the two tensors given to {@link #from(String...)} (one of them maybe per channel). */
    public SpecBuilder multiply(String name) {
        List<String> in = inputs();
        return append(new MultiplyOp(name, in, in.stream().map(shapes::get).toList()));
    }

    /** Channels {@code [start, end)}. */
    public SpecBuilder slice(String name, int start, int end) {
        String from = one();
        return append(new SliceOp(name, from, shapes.get(from), start, end));
    }

    public SpecBuilder channelShuffle(String name, int groups) {
        String from = one();
        return append(new ChannelShuffleOp(name, from, shapes.get(from), groups));
    }

    public SpecBuilder flatten(String name) {
        String from = one();
        return append(new FlattenOp(name, from, shapes.get(from)));
    }

    public SpecBuilder dense(String name, int units, boolean bias, Activation activation, Init init) {
        String from = one();
        return append(new DenseOp(name, from, shapes.get(from), units, bias, activation, init));
    }

    public SpecBuilder dropout(String name, double rate) {
        String from = one();
        return append(new DropoutOp(name, from, shapes.get(from), rate));
    }

    /** The sum of the tensors given to {@link #from(String...)}, which must share one shape. */
    public SpecBuilder add(String name, Activation activation) {
        List<String> in = inputs();
        return append(new AddOp(name, in, shapes.get(in.get(0)), activation));
    }

    /** The tensors given to {@link #from(String...)}, joined along channels (or end to end for vectors). */
    public SpecBuilder concat(String name) {
        List<String> in = inputs();
        return append(new ConcatOp(name, in, in.stream().map(shapes::get).toList()));
    }

    public SpecBuilder batchNorm(String name, double eps, double momentum, Activation activation) {
        String from = one();
        return append(new BatchNormOp(name, from, shapes.get(from), eps, momentum, activation));
    }

    /** An augmentation layer ({@link AugmentOp}): {@code transform} in training, the identity otherwise. */
    public SpecBuilder augment(String name, Augment transform) {
        String from = one();
        return append(new AugmentOp(name, from, shapes.get(from), transform));
    }

    public SpecBuilder globalAvgPool(String name) {
        String from = one();
        return append(new GlobalAvgPool2dOp(name, from, shapes.get(from)));
    }

    /** A spec named {@code qualifiedName} with a {@code channels x height x width} input, trained with {@code loss}. */
    public static SpecBuilder of(String qualifiedName, int channels, int height, int width, Loss loss) {
        return new SpecBuilder(qualifiedName, Shape.of(channels, height, width), loss);
    }

    /** Any op, built from the tensor the next layer reads and its shape (e.g. {@code (from, in) -> new FlattenOp("f", from, in)}). */
    public SpecBuilder layer(BiFunction<String, Shape, Op> op) {
        String from = one();
        return append(op.apply(from, shapes.get(from)));
    }

    public NetworkSpec build() {
        return new NetworkSpec(qualifiedName, input, loss, layers);
    }
}
