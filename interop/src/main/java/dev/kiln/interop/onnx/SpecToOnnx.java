package dev.kiln.interop.onnx;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;

/**
 * The one place where export reads Kiln's spec ({@code dev.kiln.spec}): each layer becomes
 * standard ONNX ops in evaluation mode.
 *
 * <pre>
 *   Conv2d      [Pad mode=edge, for replicate padding] -> Conv (pads top,left,bottom,right; strides; dilations)
 *   MaxPool2d   MaxPool (padding never wins: ONNX pads with -inf, Kiln skips it)
 *   AvgPool2d   AveragePool count_include_pad=1 (Kiln divides by kh*kw, padding counted as zeros)
 *   Flatten     Flatten axis=1 (both are channel-major)
 *   Dense       Gemm transB=1 (the weight stays (out, in) as PyTorch and Kiln store it)
 *   Dropout     nothing (evaluation mode); an Identity if it were the last layer
 *   activation  Relu, LeakyRelu alpha=0.01, Sigmoid, Tanh, Softmax axis=1
 * </pre>
 * Initializers keep the checkpoint's names ({@code c1.weight}); nodes take the layer's name; each
 * layer's result is the tensor named after the layer, the last one {@code output}.
 */
final class SpecToOnnx {
    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private final NetworkSpec spec;
    private final float[] params;
    private final OnnxGraph g;

    private SpecToOnnx(NetworkSpec spec, float[] params) {
        this.spec = spec;
        this.params = params;
        this.g = new OnnxGraph(spec.simpleName());
    }

    static ModelProto model(NetworkSpec spec, float[] params, int opset, String producerVersion) {
        return new SpecToOnnx(spec, params).build(opset, producerVersion);
    }

    private ModelProto build(int opset, String producerVersion) {
        g.reserve(INPUT);
        g.reserve(OUTPUT);
        Shape in = spec.input();
        g.input(INPUT, in.channels(), in.height(), in.width());
        String x = INPUT;
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            boolean last = i == layers.size() - 1;
            x = layer(layers.get(i), x, last);
        }
        Shape out = spec.output();
        if (out.isVector()) {
            g.output(OUTPUT, out.channels());
        } else {
            g.output(OUTPUT, out.channels(), out.height(), out.width());
        }
        return g.model(opset, producerVersion, "Kiln network " + spec.qualifiedName() + " in evaluation mode");
    }

    /** Emits one layer reading tensor {@code x}; returns the name of the tensor it produces. */
    private String layer(LayerSpec l, String x, boolean last) {
        String result = last ? OUTPUT : g.unique(l.name());
        boolean activated = l.activation() != Activation.NONE;
        String opOut = activated ? g.unique(l.name() + "_linear") : result;
        switch (l.kind()) {
            case CONV2D -> conv(l, x, opOut);
            case MAX_POOL2D -> pool("MaxPool", l, x, opOut);
            case AVG_POOL2D -> pool("AveragePool", l, x, opOut);
            case FLATTEN -> g.add(g.node("Flatten", l.name(), List.of(x), opOut).addAttribute(OnnxGraph.integer("axis", 1)));
            case DENSE -> dense(l, x, opOut);
            case DROPOUT -> {
                if (!last) {
                    return x;
                }
                g.add(g.node("Identity", l.name(), List.of(x), opOut));
            }
        }
        if (activated) {
            activation(l, opOut, result);
        }
        return result;
    }

    private void conv(LayerSpec l, String x, String out) {
        Window w = l.window();
        long[] pads = {w.padTop(), w.padLeft(), w.padBottom(), w.padRight()};
        boolean padded = w.padTop() + w.padBottom() + w.padLeft() + w.padRight() > 0;
        String source = x;
        if (l.paddingMode() == PaddingMode.REPLICATE && padded) {
            // ONNX's Conv pads with zeros only: replicate the border first, then convolve without padding
            source = g.unique(l.name() + "_padded");
            String padsTensor = g.int64s(l.name() + ".pads", 0, 0, w.padTop(), w.padLeft(), 0, 0, w.padBottom(), w.padRight());
            g.add(g.node("Pad", l.name() + "_pad", List.of(x, padsTensor), source)
                    .addAttribute(OnnxGraph.text("mode", "edge")));
            pads = new long[4];
        }
        List<String> inputs = new ArrayList<>(List.of(source, weight(l)));
        if (l.bias()) {
            inputs.add(bias(l));
        }
        g.add(g.node("Conv", l.name(), inputs, out)
                .addAttribute(OnnxGraph.ints("kernel_shape", w.kernelH(), w.kernelW()))
                .addAttribute(OnnxGraph.ints("strides", w.strideH(), w.strideW()))
                .addAttribute(OnnxGraph.ints("dilations", w.dilationH(), w.dilationW()))
                .addAttribute(OnnxGraph.ints("pads", pads))
                .addAttribute(OnnxGraph.integer("group", 1)));
    }

    private void pool(String op, LayerSpec l, String x, String out) {
        Window w = l.window();
        NodeProto.Builder n = g.node(op, l.name(), List.of(x), out)
                .addAttribute(OnnxGraph.ints("kernel_shape", w.kernelH(), w.kernelW()))
                .addAttribute(OnnxGraph.ints("strides", w.strideH(), w.strideW()))
                .addAttribute(OnnxGraph.ints("pads", w.padTop(), w.padLeft(), w.padBottom(), w.padRight()));
        if (op.equals("AveragePool")) {
            n.addAttribute(OnnxGraph.integer("count_include_pad", 1));
        }
        g.add(n);
    }

    private void dense(LayerSpec l, String x, String out) {
        List<String> inputs = new ArrayList<>(List.of(x, weight(l)));
        if (l.bias()) {
            inputs.add(bias(l));
        }
        g.add(g.node("Gemm", l.name(), inputs, out).addAttribute(OnnxGraph.integer("transB", 1)));
    }

    private void activation(LayerSpec l, String x, String out) {
        String name = l.name() + "_" + l.activation().name().toLowerCase(java.util.Locale.ROOT);
        NodeProto.Builder n = switch (l.activation()) {
            case RELU -> g.node("Relu", name, List.of(x), out);
            case LEAKY_RELU -> g.node("LeakyRelu", name, List.of(x), out).addAttribute(OnnxGraph.real("alpha", 0.01f));
            case SIGMOID -> g.node("Sigmoid", name, List.of(x), out);
            case TANH -> g.node("Tanh", name, List.of(x), out);
            case SOFTMAX -> g.node("Softmax", name, List.of(x), out).addAttribute(OnnxGraph.integer("axis", 1));
            case NONE -> throw new IllegalStateException("no activation to emit");
        };
        g.add(n);
    }

    private String weight(LayerSpec l) {
        return initializer(spec.param(l.name() + ".weight"));
    }

    private String bias(LayerSpec l) {
        return initializer(spec.param(l.name() + ".bias"));
    }

    private String initializer(ParamSpec p) {
        int[] shape = p.shape();
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return g.floats(p.name(), dims, params, p.offset());
    }
}
