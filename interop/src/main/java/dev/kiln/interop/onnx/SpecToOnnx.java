package dev.kiln.interop.onnx;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.spec.AddOp;
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
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Pool2dOp;
import dev.kiln.spec.Shape;
import dev.kiln.spec.SliceOp;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;

/**
 * The one place where export reads Kiln's spec ({@code dev.kiln.spec}): each op of the graph
 * becomes standard ONNX ops in evaluation mode.
 *
 * <pre>
 *   normalisation    Sub (means, shape (1, C, 1, 1)) then Div (stds) at the input, when the checkpoint records one
 *   Conv2d           [Pad mode=edge, for replicate padding] -> Conv (pads top,left,bottom,right; strides; dilations)
 *   MaxPool2d        MaxPool (padding never wins: ONNX pads with -inf, Kiln skips it)
 *   AvgPool2d        AveragePool count_include_pad=1 (Kiln divides by kh*kw, padding counted as zeros)
 *   Flatten          Flatten axis=1 (both are channel-major)
 *   Dense            Gemm transB=1 (the weight stays (out, in) as PyTorch and Kiln store it)
 *   Dropout          nothing (evaluation mode); an Identity if it were the last layer
 *   Add              Add (two inputs) or Sum (more)
 *   Concat           Concat axis=1
 *   BatchNorm        BatchNormalization with the running statistics (evaluation mode), where the
 *                    inference rewrite did not fold it into the layer before it (OnnxExport)
 *   GlobalAvgPool2d  GlobalAveragePool, then Flatten axis=1 (Kiln's output is a vector)
 *   activation       Relu, LeakyRelu alpha=0.01, Sigmoid, Tanh, Softmax axis=1
 * </pre>
 * Initializers keep the checkpoint's names ({@code c1.weight}, {@code bn.running_mean}); nodes take
 * the layer's name; each layer's result is the tensor named after the layer, the last one {@code output}.
 */
final class SpecToOnnx implements Op.Visitor<Void> {
    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private final NetworkSpec spec;
    private final float[] params;
    private final float[] state;
    private final Normalization normalize;
    private final OnnxGraph g;
    private final Map<String, String> tensors = new HashMap<>();
    private String result;
    private boolean last;

    private SpecToOnnx(NetworkSpec spec, float[] params, float[] state, Normalization normalize) {
        this.spec = spec;
        this.params = params;
        this.state = state;
        this.normalize = normalize;
        this.g = new OnnxGraph(spec.simpleName());
    }

    static ModelProto model(NetworkSpec spec, float[] params, float[] state, Normalization normalize, int opset,
                            String producerVersion) {
        return new SpecToOnnx(spec, params, state, normalize).build(opset, producerVersion);
    }

    private ModelProto build(int opset, String producerVersion) {
        g.reserve(INPUT);
        g.reserve(OUTPUT);
        Shape in = spec.input();
        g.input(INPUT, in.channels(), in.height(), in.width());
        tensors.put(Op.INPUT, normalize.isNone() ? INPUT : normalized(in.channels()));
        List<Op> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            Op op = layers.get(i);
            last = i == layers.size() - 1;
            result = last ? OUTPUT : g.unique(op.name());
            op.accept(this);
        }
        Shape out = spec.output();
        if (out.isVector()) {
            g.output(OUTPUT, out.channels());
        } else {
            g.output(OUTPUT, out.channels(), out.height(), out.width());
        }
        return g.model(opset, producerVersion, "Kiln network " + spec.qualifiedName() + " in evaluation mode");
    }

    /** (input - mean) / std per channel, as the data pipeline normalises pixels for Kiln. */
    private String normalized(int channels) {
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) normalize.mean(c);
            std[c] = (float) normalize.std(c);
        }
        long[] shape = {1, channels, 1, 1};
        String centred = g.unique("input_centred");
        String scaled = g.unique("input_normalized");
        g.add(g.node("Sub", "normalize_mean", List.of(INPUT, g.floats("normalize.mean", shape, mean, 0)), centred));
        g.add(g.node("Div", "normalize_std", List.of(centred, g.floats("normalize.std", shape, std, 0)), scaled));
        return scaled;
    }

    private String in(String name) {
        return tensors.get(name);
    }

    /** The op's own output, before its activation when it has one. */
    private String opOut(Op op) {
        return op.activation() != Activation.NONE ? g.unique(op.name() + "_linear") : result;
    }

    private Void done(Op op, String opOut) {
        if (op.activation() != Activation.NONE) {
            activation(op, opOut, result);
        }
        tensors.put(op.name(), result);
        return null;
    }

    @Override
    public Void conv(Conv2dOp l) {
        String out = opOut(l);
        Window w = l.window();
        long[] pads = {w.padTop(), w.padLeft(), w.padBottom(), w.padRight()};
        boolean padded = w.padTop() + w.padBottom() + w.padLeft() + w.padRight() > 0;
        String source = in(l.from());
        if (l.paddingMode() == PaddingMode.REPLICATE && padded) {
            // ONNX's Conv pads with zeros only: replicate the border first, then convolve without padding
            String paddedTensor = g.unique(l.name() + "_padded");
            String padsTensor = g.int64s(l.name() + ".pads", 0, 0, w.padTop(), w.padLeft(), 0, 0, w.padBottom(), w.padRight());
            g.add(g.node("Pad", l.name() + "_pad", List.of(source, padsTensor), paddedTensor)
                    .addAttribute(OnnxGraph.text("mode", "edge")));
            source = paddedTensor;
            pads = new long[4];
        }
        List<String> inputs = new ArrayList<>(List.of(source, param(l.name() + ".weight")));
        if (l.bias()) {
            inputs.add(param(l.name() + ".bias"));
        }
        g.add(g.node("Conv", l.name(), inputs, out)
                .addAttribute(OnnxGraph.ints("kernel_shape", w.kernelH(), w.kernelW()))
                .addAttribute(OnnxGraph.ints("strides", w.strideH(), w.strideW()))
                .addAttribute(OnnxGraph.ints("dilations", w.dilationH(), w.dilationW()))
                .addAttribute(OnnxGraph.ints("pads", pads))
                .addAttribute(OnnxGraph.integer("group", l.groups())));
        return done(l, out);
    }

    @Override
    public Void maxPool(MaxPool2dOp l) {
        return pool("MaxPool", l.name(), l.from(), l.window(), l);
    }

    @Override
    public Void avgPool(AvgPool2dOp l) {
        return pool("AveragePool", l.name(), l.from(), l.window(), l);
    }

    /**
     * ONNX's pool. Ceil mode is ONNX's {@code ceil_mode} where that gives PyTorch's output size in both
     * dimensions. Where it does not (ONNX Runtime keeps a last window that starts in the right padding, which
     * PyTorch drops; PyTorch's size along that dimension is then floor mode's), the pool goes out in floor mode,
     * over bottom or right padding extended until PyTorch's last window fits along a dimension whose ceil size
     * is kept. The extension reads as nothing: minus infinity for the maximum, outside the count of an average
     * that leaves the padding out; an average that counts the real padding ({@code count_include_pad}) then
     * divides by the whole window, and a constant per output position, {@code kh kw / divisor}, multiplies it to
     * PyTorch's divisor. (An explicit zero Pad before a pool that counts nothing of the padding would say the
     * same, but ONNX Runtime 1.30's Pad fusion folds the Pad into the pool's padding and so drops it from the
     * count.)
     */
    private Void pool(String opType, String name, String from, Window w, Pool2dOp op) {
        Shape in = op.input();
        Shape shape = op.output();
        boolean ceil = op.ceilMode() && onnxCeilSize(in.height(), w.padTop() + w.padBottom(), w.kernelH(), w.strideH()) == shape.height()
                && onnxCeilSize(in.width(), w.padLeft() + w.padRight(), w.kernelW(), w.strideW()) == shape.width();
        int extraBottom = ceil ? 0 : Math.max(0, (shape.height() - 1) * w.strideH() + w.kernelH() - in.height() - w.padTop() - w.padBottom());
        int extraRight = ceil ? 0 : Math.max(0, (shape.width() - 1) * w.strideW() + w.kernelW() - in.width() - w.padLeft() - w.padRight());
        boolean rescale = op instanceof AvgPool2dOp a && a.countIncludePad() && extraBottom + extraRight > 0;
        String out = opOut(op);
        String pooled = rescale ? g.unique(name + "_whole_windows") : out;
        NodeProto.Builder n = g.node(opType, rescale ? name + "_whole_windows" : name, List.of(in(from)), pooled)
                .addAttribute(OnnxGraph.ints("kernel_shape", w.kernelH(), w.kernelW()))
                .addAttribute(OnnxGraph.ints("strides", w.strideH(), w.strideW()))
                .addAttribute(OnnxGraph.ints("pads", w.padTop(), w.padLeft(), w.padBottom() + extraBottom, w.padRight() + extraRight))
                .addAttribute(OnnxGraph.integer("ceil_mode", ceil ? 1 : 0));
        if (op instanceof AvgPool2dOp a) {
            n.addAttribute(OnnxGraph.integer("count_include_pad", a.countIncludePad() ? 1 : 0));
        }
        g.add(n);
        if (rescale) {
            AvgPool2dOp a = (AvgPool2dOp) op;
            float[] scale = new float[shape.height() * shape.width()];
            double area = (double) w.kernelH() * w.kernelW();
            for (int oh = 0; oh < shape.height(); oh++) {
                for (int ow = 0; ow < shape.width(); ow++) {
                    scale[oh * shape.width() + ow] = (float) (area / a.divisor(oh, ow));
                }
            }
            String factors = g.floats(name + ".divisor_scale", new long[] {1, 1, shape.height(), shape.width()}, scale, 0);
            g.add(g.node("Mul", name, List.of(pooled, factors), out));
        }
        return done(op, out);
    }

    /** ONNX's ceil-mode output size: {@code ceil((in + pads - kernel) / stride) + 1}, no window dropped. */
    private static long onnxCeilSize(long in, long pads, long kernel, long stride) {
        return Math.floorDiv(in + pads - kernel + stride - 1, stride) + 1;
    }

    @Override
    public Void flatten(FlattenOp l) {
        String out = opOut(l);
        g.add(g.node("Flatten", l.name(), List.of(in(l.from())), out).addAttribute(OnnxGraph.integer("axis", 1)));
        return done(l, out);
    }

    @Override
    public Void dense(DenseOp l) {
        String out = opOut(l);
        List<String> inputs = new ArrayList<>(List.of(in(l.from()), param(l.name() + ".weight")));
        if (l.bias()) {
            inputs.add(param(l.name() + ".bias"));
        }
        g.add(g.node("Gemm", l.name(), inputs, out).addAttribute(OnnxGraph.integer("transB", 1)));
        return done(l, out);
    }

    @Override
    public Void augment(AugmentOp l) {
        // the identity at inference, which is all an exported graph runs
        if (!last) {
            tensors.put(l.name(), in(l.from()));
            return null;
        }
        g.add(g.node("Identity", l.name(), List.of(in(l.from())), result));
        return done(l, result);
    }

    @Override
    public Void dropout(DropoutOp l) {
        if (!last) {
            tensors.put(l.name(), in(l.from()));
            return null;
        }
        g.add(g.node("Identity", l.name(), List.of(in(l.from())), result));
        return done(l, result);
    }

    @Override
    public Void add(AddOp l) {
        String out = opOut(l);
        List<String> inputs = l.inputs().stream().map(this::in).toList();
        g.add(g.node(inputs.size() == 2 ? "Add" : "Sum", l.name(), inputs, out));
        return done(l, out);
    }

    @Override
    public Void concat(ConcatOp l) {
        String out = opOut(l);
        List<String> inputs = l.inputs().stream().map(this::in).toList();
        g.add(g.node("Concat", l.name(), inputs, out).addAttribute(OnnxGraph.integer("axis", 1)));
        return done(l, out);
    }

    @Override
    public Void batchNorm(BatchNormOp l) {
        String out = opOut(l);
        List<String> inputs = List.of(in(l.from()), param(l.name() + ".weight"), param(l.name() + ".bias"),
                stateTensor(l.name() + ".running_mean"), stateTensor(l.name() + ".running_var"));
        g.add(g.node("BatchNormalization", l.name(), inputs, out)
                .addAttribute(OnnxGraph.real("epsilon", (float) l.eps())));
        return done(l, out);
    }

    @Override
    public Void globalAvgPool(GlobalAvgPool2dOp l) {
        String out = opOut(l);
        String pooled = g.unique(l.name() + "_pooled");
        g.add(g.node("GlobalAveragePool", l.name(), List.of(in(l.from())), pooled));
        g.add(g.node("Flatten", l.name() + "_flatten", List.of(pooled), out).addAttribute(OnnxGraph.integer("axis", 1)));
        return done(l, out);
    }

    /** {@code a * b}; a per-channel vector operand is reshaped to (N, C, 1, 1) so that ONNX broadcasts it. */
    @Override
    public Void multiply(MultiplyOp l) {
        String out = opOut(l);
        List<String> inputs = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            String x = in(l.inputs().get(k));
            if (l.broadcast(k) && l.inputShapes().get(k).isVector()) {
                String planes = g.unique(l.name() + "_gate" + k);
                g.add(g.node("Reshape", l.name() + "_reshape" + k, List.of(x, g.int64s(l.name() + ".gate_shape", 0, -1, 1, 1)),
                        planes));
                x = planes;
            }
            inputs.add(x);
        }
        g.add(g.node("Mul", l.name(), inputs, out));
        return done(l, out);
    }

    @Override
    public Void slice(SliceOp l) {
        String out = opOut(l);
        g.add(g.node("Slice", l.name(), List.of(in(l.from()), g.int64s(l.name() + ".starts", l.start()),
                g.int64s(l.name() + ".ends", l.end()), g.int64s(l.name() + ".axes", 1)), out));
        return done(l, out);
    }

    /** PyTorch's form: Reshape to (N, g, C/g, ...), Transpose the two, Reshape back. */
    @Override
    public Void channelShuffle(ChannelShuffleOp l) {
        String out = opOut(l);
        Shape s = l.input();
        int g0 = l.groups();
        boolean image = !s.isVector();
        String grouped = g.unique(l.name() + "_grouped");
        String swapped = g.unique(l.name() + "_transposed");
        String groupedShape = image ? g.int64s(l.name() + ".grouped_shape", 0, g0, s.channels() / g0, s.height(), s.width())
                : g.int64s(l.name() + ".grouped_shape", 0, g0, s.channels() / g0);
        String flatShape = image ? g.int64s(l.name() + ".shape", 0, s.channels(), s.height(), s.width())
                : g.int64s(l.name() + ".shape", 0, s.channels());
        g.add(g.node("Reshape", l.name() + "_group", List.of(in(l.from()), groupedShape), grouped));
        g.add(g.node("Transpose", l.name() + "_transpose", List.of(grouped), swapped)
                .addAttribute(image ? OnnxGraph.ints("perm", 0, 2, 1, 3, 4) : OnnxGraph.ints("perm", 0, 2, 1)));
        g.add(g.node("Reshape", l.name(), List.of(swapped, flatShape), out));
        return done(l, out);
    }

    /**
     * The activation as ONNX ops that opset 13 has: ReLU6 as Clip(0, 6), hard sigmoid as HardSigmoid(1/6, 1/2),
     * hard swish as x times that, SiLU as x Sigmoid(x), GELU's exact form as x (1 + Erf(x / sqrt 2)) / 2.
     */
    private void activation(Op l, String x, String out) {
        String name = l.name() + "_" + l.activation().name().toLowerCase(Locale.ROOT);
        NodeProto.Builder n = switch (l.activation()) {
            case RELU -> g.node("Relu", name, List.of(x), out);
            case LEAKY_RELU -> g.node("LeakyRelu", name, List.of(x), out).addAttribute(OnnxGraph.real("alpha", (float) Activation.LEAKY_RELU_SLOPE));
            case SIGMOID -> g.node("Sigmoid", name, List.of(x), out);
            case TANH -> g.node("Tanh", name, List.of(x), out);
            case SOFTMAX -> g.node("Softmax", name, List.of(x), out).addAttribute(OnnxGraph.integer("axis", 1));
            case RELU6 -> g.node("Clip", name, List.of(x, scalar(name + ".min", 0), scalar(name + ".max", 6)), out);
            case HARD_SIGMOID -> hardSigmoid(name, x, out);
            case HARD_SWISH -> {
                String gate = g.unique(name + "_gate");
                g.add(hardSigmoid(name + "_gate", x, gate));
                yield g.node("Mul", name, List.of(x, gate), out);
            }
            case SILU -> {
                String gate = g.unique(name + "_sigmoid");
                g.add(g.node("Sigmoid", name + "_sigmoid", List.of(x), gate));
                yield g.node("Mul", name, List.of(x, gate), out);
            }
            case GELU -> {
                String scaled = g.unique(name + "_scaled");
                String erf = g.unique(name + "_erf");
                String shifted = g.unique(name + "_shifted");
                String half = g.unique(name + "_half");
                g.add(g.node("Mul", name + "_scale", List.of(x, scalar(name + ".inv_sqrt2", (float) (1 / Math.sqrt(2)))), scaled));
                g.add(g.node("Erf", name + "_erf", List.of(scaled), erf));
                g.add(g.node("Add", name + "_add", List.of(erf, scalar(name + ".one", 1)), shifted));
                g.add(g.node("Mul", name + "_halve", List.of(x, scalar(name + ".half", 0.5f)), half));
                yield g.node("Mul", name, List.of(half, shifted), out);
            }
            case NONE -> throw new IllegalStateException("no activation to emit");
        };
        g.add(n);
    }

    private NodeProto.Builder hardSigmoid(String name, String x, String out) {
        return g.node("HardSigmoid", name, List.of(x), out)
                .addAttribute(OnnxGraph.real("alpha", 1f / 6))
                .addAttribute(OnnxGraph.real("beta", 0.5f));
    }

    /** A scalar float initializer. */
    private String scalar(String name, float value) {
        return g.floats(name, new long[0], new float[] {value}, 0);
    }

    private String param(String name) {
        return initializer(spec.param(name), params);
    }

    private String stateTensor(String name) {
        for (ParamSpec p : spec.state()) {
            if (p.name().equals(name)) {
                return initializer(p, state);
            }
        }
        throw new IllegalArgumentException(spec.simpleName() + " has no running statistic " + name);
    }

    private String initializer(ParamSpec p, float[] values) {
        int[] shape = p.shape();
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return g.floats(p.name(), dims, values, p.offset());
    }
}
