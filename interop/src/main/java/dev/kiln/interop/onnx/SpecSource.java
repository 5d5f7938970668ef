package dev.kiln.interop.onnx;

import dev.kiln.dsl.Activation;
import dev.kiln.interop.InteropException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Writes an imported network as a Kiln spec: a {@code @Network} class with one annotated field per
 * layer, each with a comment naming the ONNX nodes it came from. Field names are unique Java
 * identifiers; the loss is the one the last layer suits (softmax cross-entropy after a dense layer
 * of several units, binary cross-entropy after one unit, else mean squared error), which matters
 * only for training the imported network further.
 */
final class SpecSource {
    /**
     * Whether this build's DSL has the graph ops ({@code from = ...}, {@code @Add}, {@code @Concat},
     * {@code @GlobalAvgPool2d}); until it does, a branching graph is refused.
     */
    static final boolean GRAPH_OPS = true;

    private SpecSource() {
    }

    static String write(String qualifiedName, OnnxToKiln.Result net, String origin) {
        List<KilnLayer> layers = net.layers();
        allocateNames(layers);
        for (int i = 0; i < layers.size(); i++) {
            KilnLayer l = layers.get(i);
            if (!chain(layers, i) && !GRAPH_OPS) {
                throw new InteropException(origin + ": node " + l.nodes.get(0) + " reads "
                        + (l.from.get(0) == null ? "the input" : "node " + l.from.get(0).nodes.get(0))
                        + " rather than the layer before it; a branching graph needs Kiln's graph ops (from = ...), "
                        + "which this build of Kiln does not have yet. Nothing was written.");
            }
        }
        int dot = qualifiedName.lastIndexOf('.');
        String pkg = dot < 0 ? "" : qualifiedName.substring(0, dot);
        String simple = qualifiedName.substring(dot + 1);
        StringBuilder s = new StringBuilder();
        if (!pkg.isEmpty()) {
            s.append("package ").append(pkg).append(";\n\n");
        }
        s.append("import dev.kiln.dsl.*;\n\n");
        s.append("/**\n * Imported by {@code kiln import} from ").append(javadoc(origin)).append(" (").append(javadoc(net.producer().strip()))
                .append(", opset ").append(net.opset()).append(").\n * Its weights, in Kiln's layout, are in ")
                .append(simple).append(".safetensors.\n */\n");
        s.append("@Network(channels = ").append(net.channels()).append(", height = ").append(net.height())
                .append(", width = ").append(net.width()).append(", loss = Loss.").append(loss(layers.get(layers.size() - 1)))
                .append(")\n");
        s.append("public abstract class ").append(simple).append(" {\n");
        for (int i = 0; i < layers.size(); i++) {
            KilnLayer l = layers.get(i);
            s.append("    // ").append(String.join(", ", l.nodes).replace("*/", "* /").replace('\n', ' ').replace('\r', ' ')).append('\n');
            s.append("    ").append(annotation(l, chain(layers, i) ? null : from(l))).append(" Layer ").append(l.name).append(";\n");
        }
        s.append("}\n");
        return s.toString();
    }

    /** Whether layer {@code i} reads just the layer before it (the network's input for the first). */
    private static boolean chain(List<KilnLayer> layers, int i) {
        KilnLayer l = layers.get(i);
        return l.from.size() == 1 && l.from.get(0) == (i == 0 ? null : layers.get(i - 1));
    }

    /** {@code from = "a"} or {@code from = {"a", "b"}}, naming the network's input {@code "input"}. */
    private static String from(KilnLayer l) {
        List<String> names = l.from.stream().map(f -> "\"" + (f == null ? "input" : f.name) + "\"").toList();
        return "from = " + (names.size() == 1 ? names.get(0) : "{" + String.join(", ", names) + "}");
    }

    static String loss(KilnLayer last) {
        if (last.kind == KilnLayer.Kind.DENSE) {
            if (last.units >= 2 && (last.activation == Activation.NONE || last.activation == Activation.SOFTMAX)) {
                return "SOFTMAX_CROSS_ENTROPY";
            }
            if (last.units == 1 && (last.activation == Activation.NONE || last.activation == Activation.SIGMOID)) {
                return "BINARY_CROSS_ENTROPY";
            }
        }
        return "MEAN_SQUARED_ERROR";
    }

    /** The layer's annotation; {@code from} is null for a layer that reads the one before it. */
    private static String annotation(KilnLayer l, String from) {
        StringBuilder a = new StringBuilder();
        switch (l.kind) {
            case CONV2D -> {
                a.append("@Conv2d(filters = ").append(l.units).append(", kernel = ").append(size(l.kernel[0], l.kernel[1]));
                if (l.stride[0] != 1 || l.stride[1] != 1) {
                    a.append(", stride = ").append(size(l.stride[0], l.stride[1]));
                }
                if (l.same) {
                    a.append(", same = true");
                } else if (l.pads[0] + l.pads[1] > 0) {
                    a.append(", padding = ").append(size(l.pads[0], l.pads[1]));
                }
                if (l.replicate) {
                    a.append(", paddingMode = PaddingMode.REPLICATE");
                }
                if (l.dilation[0] != 1 || l.dilation[1] != 1) {
                    a.append(", dilation = ").append(size(l.dilation[0], l.dilation[1]));
                }
                if (!l.hasBias()) {
                    a.append(", bias = false");
                }
                activation(a, l);
            }
            case MAX_POOL2D, AVG_POOL2D -> {
                a.append(l.kind == KilnLayer.Kind.MAX_POOL2D ? "@MaxPool2d" : "@AvgPool2d").append("(size = ")
                        .append(size(l.kernel[0], l.kernel[1]));
                if (l.stride[0] != l.kernel[0] || l.stride[1] != l.kernel[1]) {
                    a.append(", stride = ").append(size(l.stride[0], l.stride[1]));
                }
                if (l.pads[0] + l.pads[1] > 0) {
                    a.append(", padding = ").append(size(l.pads[0], l.pads[1]));
                }
            }
            case FLATTEN -> {
                return from == null ? "@Flatten" : "@Flatten(" + from + ")";
            }
            case GLOBAL_AVG_POOL2D -> {
                return from == null ? "@GlobalAvgPool2d" : "@GlobalAvgPool2d(" + from + ")";
            }
            case CONCAT -> {
                return "@Concat(" + from(l) + ")";
            }
            case ADD -> {
                a.append("@Add(").append(from(l));
                activation(a, l);
            }
            case DENSE -> {
                a.append("@Dense(units = ").append(l.units);
                if (!l.hasBias()) {
                    a.append(", bias = false");
                }
                activation(a, l);
            }
        }
        if (from != null && l.kind != KilnLayer.Kind.ADD) {
            a.append(", ").append(from);
        }
        return a.append(')').toString();
    }

    private static void activation(StringBuilder a, KilnLayer l) {
        if (l.activation != Activation.NONE) {
            a.append(", activation = Activation.").append(l.activation.name());
        }
    }

    private static String size(int h, int w) {
        return h == w ? String.valueOf(h) : "{" + h + ", " + w + "}";
    }

    private static String javadoc(String s) {
        return s.replace("*/", "* /").replace("@", "{@literal @}").replace('\n', ' ');
    }

    /** Unique identifiers that are not Java keywords nor {@code input}. */
    private static void allocateNames(List<KilnLayer> layers) {
        Set<String> used = new HashSet<>(Set.of("input", "output"));
        for (KilnLayer l : layers) {
            String base = l.name;
            if (!SourceVersion.isName(base) || base.contains(".")) {
                base = l.kind.name().toLowerCase(Locale.ROOT).replace("_", "");
            }
            if (base.length() > 60) {
                base = base.substring(base.length() - 60);
                if (!Character.isJavaIdentifierStart(base.charAt(0))) {
                    base = "l" + base;
                }
            }
            String name = base;
            for (int i = 2; !used.add(name); i++) {
                name = base + "_" + i;
            }
            l.name = name;
        }
    }
}
