package dev.kiln.interop.imports;

import dev.kiln.interop.InteropException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Writes an imported network as a Kiln spec: a {@code @Network} class with one annotated field per
 * layer, each with a comment naming the nodes (or Keras layers) it came from. Field names are unique
 * Java identifiers; the loss is the one the last layer suits (softmax cross-entropy after a dense layer
 * of several units, binary cross-entropy after one unit, else mean squared error), which matters only
 * for training the imported network further.
 *
 * <p>The annotations of issue 23's new kinds and options are written exactly as that issue's section 1
 * states them: {@code @Conv2d(groups = g)}, {@code @MaxPool2d/@AvgPool2d(ceilMode = true)},
 * {@code @AvgPool2d(countIncludePad = false)}, {@code @Multiply(from = {"a", "b"})},
 * {@code @Slice(from = "x", channels = {start, end})}, {@code @ChannelShuffle(groups = g)} and the
 * activations {@code RELU6}, {@code HARD_SWISH}, {@code HARD_SIGMOID}, {@code SILU}, {@code GELU}.
 * {@link #write} refuses, naming the node, what this build's DSL cannot declare; {@link #draft} writes
 * it regardless (for tests of the mapping).
 */
public final class SpecSource {
    private SpecSource() {
    }

    /** The spec's source; refuses a layer the DSL of this build cannot declare. */
    public static String write(String qualifiedName, ImportedNetwork net, String origin) {
        String missing = unsupported(net);
        if (missing != null) {
            throw new InteropException(origin + ": " + missing + ". Nothing was written.");
        }
        return draft(qualifiedName, net, origin);
    }

    /** What the first layer this build's DSL cannot declare needs, naming its node; null when every layer can be declared. */
    public static String unsupported(ImportedNetwork net) {
        for (ImportedLayer l : net.layers()) {
            String missing = missingFeature(l);
            if (missing != null) {
                return l.origin() + " needs " + missing + ", which this build of Kiln's DSL does not have yet";
            }
        }
        return null;
    }

    /** The spec's source, whether or not this build's DSL can declare every layer. */
    public static String draft(String qualifiedName, ImportedNetwork net, String origin) {
        List<ImportedLayer> layers = net.layers();
        allocateNames(layers);
        int dot = qualifiedName.lastIndexOf('.');
        String pkg = dot < 0 ? "" : qualifiedName.substring(0, dot);
        String simple = qualifiedName.substring(dot + 1);
        StringBuilder s = new StringBuilder();
        if (!pkg.isEmpty()) {
            s.append("package ").append(pkg).append(";\n\n");
        }
        s.append("import dev.kiln.dsl.*;\n\n");
        s.append("/**\n * Imported by {@code kiln import} from ").append(javadoc(origin)).append(" (")
                .append(javadoc(net.producer().strip())).append(", ").append(javadoc(net.format())).append(").\n");
        s.append(" * Its weights, in Kiln's layout, are in ").append(simple).append(".safetensors");
        if (net.normalize() != null) {
            s.append(", with the input's normalisation\n * (mean, std) ").append(net.normalize())
                    .append(" recorded as --normalize records it");
        }
        s.append(".\n */\n");
        s.append("@Network(channels = ").append(net.channels()).append(", height = ").append(net.height())
                .append(", width = ").append(net.width()).append(", loss = Loss.").append(loss(layers.get(layers.size() - 1)))
                .append(")\n");
        s.append("public abstract class ").append(simple).append(" {\n");
        for (int i = 0; i < layers.size(); i++) {
            ImportedLayer l = layers.get(i);
            s.append("    // ").append(comment(String.join(", ", l.nodes))).append('\n');
            s.append("    ").append(annotation(l, chain(layers, i) ? null : from(l))).append(" Layer ").append(l.name).append(";\n");
        }
        s.append("}\n");
        return s.toString();
    }

    /** What {@code l} needs that this build's DSL lacks, or null. */
    static String missingFeature(ImportedLayer l) {
        if (l.activation.isNew() && !DslFeatures.hasActivation(l.activation)) {
            return "activation " + l.activation.name();
        }
        return switch (l.kind) {
            case CONV2D -> l.groups != 1 && !DslFeatures.hasAttribute("Conv2d", "groups")
                    ? "a grouped convolution (@Conv2d(groups = " + l.groups + "))" : null;
            case MAX_POOL2D, AVG_POOL2D -> {
                String a = l.kind == ImportedLayer.Kind.MAX_POOL2D ? "MaxPool2d" : "AvgPool2d";
                if (l.ceilMode && !DslFeatures.hasAttribute(a, "ceilMode")) {
                    yield "@" + a + "(ceilMode = true)";
                }
                yield !l.countIncludePad && !DslFeatures.hasAttribute(a, "countIncludePad")
                        ? "@AvgPool2d(countIncludePad = false)" : null;
            }
            case MULTIPLY -> DslFeatures.hasAnnotation("Multiply") ? null : "an element-wise product (@Multiply)";
            case SLICE -> DslFeatures.hasAnnotation("Slice") ? null : "a channel slice (@Slice)";
            case CHANNEL_SHUFFLE -> DslFeatures.hasAnnotation("ChannelShuffle") ? null : "a channel shuffle (@ChannelShuffle)";
            default -> null;
        };
    }

    /** Whether layer {@code i} reads just the layer before it (the network's input for the first). */
    private static boolean chain(List<ImportedLayer> layers, int i) {
        ImportedLayer l = layers.get(i);
        return l.from.size() == 1 && l.from.get(0) == (i == 0 ? null : layers.get(i - 1));
    }

    /** {@code from = "a"} or {@code from = {"a", "b"}}, naming the network's input {@code "input"}. */
    private static String from(ImportedLayer l) {
        List<String> names = l.from.stream().map(f -> "\"" + (f == null ? "input" : f.name) + "\"").toList();
        return "from = " + (names.size() == 1 ? names.get(0) : "{" + String.join(", ", names) + "}");
    }

    static String loss(ImportedLayer last) {
        if (last.kind == ImportedLayer.Kind.DENSE) {
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
    private static String annotation(ImportedLayer l, String from) {
        List<String> a = new ArrayList<>();
        String name = switch (l.kind) {
            case CONV2D -> {
                a.add("filters = " + l.units);
                a.add("kernel = " + size(l.kernel[0], l.kernel[1]));
                if (l.stride[0] != 1 || l.stride[1] != 1) {
                    a.add("stride = " + size(l.stride[0], l.stride[1]));
                }
                if (l.same) {
                    a.add("same = true");
                } else if (l.pads[0] + l.pads[1] > 0) {
                    a.add("padding = " + size(l.pads[0], l.pads[1]));
                }
                if (l.replicate) {
                    a.add("paddingMode = PaddingMode.REPLICATE");
                }
                if (l.dilation[0] != 1 || l.dilation[1] != 1) {
                    a.add("dilation = " + size(l.dilation[0], l.dilation[1]));
                }
                if (l.groups != 1) {
                    a.add("groups = " + l.groups);
                }
                if (!l.hasBias()) {
                    a.add("bias = false");
                }
                yield "Conv2d";
            }
            case MAX_POOL2D, AVG_POOL2D -> {
                a.add("size = " + size(l.kernel[0], l.kernel[1]));
                if (l.stride[0] != l.kernel[0] || l.stride[1] != l.kernel[1]) {
                    a.add("stride = " + size(l.stride[0], l.stride[1]));
                }
                if (l.pads[0] + l.pads[1] > 0) {
                    a.add("padding = " + size(l.pads[0], l.pads[1]));
                }
                if (l.ceilMode) {
                    a.add("ceilMode = true");
                }
                if (l.kind == ImportedLayer.Kind.AVG_POOL2D && !l.countIncludePad) {
                    a.add("countIncludePad = false");
                }
                yield l.kind == ImportedLayer.Kind.MAX_POOL2D ? "MaxPool2d" : "AvgPool2d";
            }
            case DENSE -> {
                a.add("units = " + l.units);
                if (!l.hasBias()) {
                    a.add("bias = false");
                }
                yield "Dense";
            }
            case BATCH_NORM -> {
                if (Math.abs(l.eps - 1e-5) > 1e-9) {
                    a.add("eps = " + decimal(l.eps));
                }
                if (Math.abs(l.momentum - 0.1) > 1e-9) {
                    a.add("momentum = " + decimal(l.momentum));
                }
                yield "BatchNorm";
            }
            case DROPOUT -> {
                a.add("rate = " + decimal(l.rate));
                yield "Dropout";
            }
            case SLICE -> {
                if (from == null) {
                    from = from(l);
                }
                a.add("channels = {" + l.sliceStart + ", " + l.sliceEnd + "}");
                yield "Slice";
            }
            case CHANNEL_SHUFFLE -> {
                a.add("groups = " + l.groups);
                yield "ChannelShuffle";
            }
            case FLATTEN -> "Flatten";
            case GLOBAL_AVG_POOL2D -> "GlobalAvgPool2d";
            case ADD, CONCAT, MULTIPLY -> {
                from = from(l);
                yield l.kind == ImportedLayer.Kind.ADD ? "Add" : l.kind == ImportedLayer.Kind.CONCAT ? "Concat" : "Multiply";
            }
        };
        if (l.activation != Activation.NONE) {
            a.add("activation = Activation." + l.activation.name());
        }
        if (from != null) {
            // a merge reads its inputs first, as the DSL's documentation writes it; others end with where they read
            if (l.kind == ImportedLayer.Kind.ADD || l.kind == ImportedLayer.Kind.CONCAT || l.kind == ImportedLayer.Kind.MULTIPLY
                    || l.kind == ImportedLayer.Kind.SLICE) {
                a.add(0, from);
            } else {
                a.add(from);
            }
        }
        return "@" + name + (a.isEmpty() ? "" : "(" + String.join(", ", a) + ")");
    }

    private static String size(int h, int w) {
        return h == w ? String.valueOf(h) : "{" + h + ", " + w + "}";
    }

    /** The shortest decimal that reads back as the float the file held: 1e-3 as 0.001, not 0.0010000000474974513. */
    private static String decimal(double v) {
        return new BigDecimal(Float.toString((float) v)).stripTrailingZeros().toPlainString();
    }

    private static String comment(String s) {
        return s.replace("*/", "* /").replace('\n', ' ').replace('\r', ' ');
    }

    private static String javadoc(String s) {
        return s.replace("*/", "* /").replace("@", "{@literal @}").replace('\n', ' ');
    }

    /** Unique identifiers that are not Java keywords nor {@code input}. */
    private static void allocateNames(List<ImportedLayer> layers) {
        Set<String> used = new HashSet<>(Set.of("input", "output"));
        for (ImportedLayer l : layers) {
            String base = l.name;
            if (base == null || !SourceVersion.isName(base) || base.contains(".")) {
                base = l.kind.fallbackName();
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
