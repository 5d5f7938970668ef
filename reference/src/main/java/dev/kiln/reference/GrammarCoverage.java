package dev.kiln.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.AddOp;
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
import dev.kiln.spec.SliceOp;
import dev.kiln.spec.Pool2dOp;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, over a set of random networks, how many use each feature of the grammar, so that a test
 * running them can assert that every feature was exercised (a generator that silently stops
 * producing, say, vector concatenation would otherwise leave the suite green and blind).
 */
public final class GrammarCoverage {
    /** Names that shadow a Java type or package the generated Java could name by its simple name. */
    private static final List<String> JAVA_SHADOWS = List.of("Math", "System", "Float", "String", "Object", "Override",
            "java", "dev", "Arrays");
    /** OpenCL C built-ins and keywords among {@link RandomGraphs#ADVERSARIAL}. */
    private static final List<String> OPENCL_WORDS = List.of("mix", "max", "sin", "exp", "dot", "clamp", "select", "kernel",
            "global", "local", "constant", "half", "real", "fma", "mad", "get_global_id", "float4", "int", "main", "inf", "NAN",
            "restrict", "inline", "size_t", "uint", "vload4", "image2d_t", "barrier", "pow");

    private final Map<String, Integer> networks = new TreeMap<>();

    private GrammarCoverage() {
    }

    /** The number of networks among {@code specs} that use each feature. */
    public static Map<String, Integer> of(List<NetworkSpec> specs) {
        GrammarCoverage c = new GrammarCoverage();
        for (NetworkSpec spec : specs) {
            c.count(spec);
        }
        return c.networks;
    }

    /** The features every run of at least 100 random networks must show, each in at least {@code min} networks. */
    public static List<String> missing(Map<String, Integer> counts, int min) {
        List<String> missing = new ArrayList<>();
        for (String f : FEATURES) {
            if (counts.getOrDefault(f, 0) < min) {
                missing.add(f + " (" + counts.getOrDefault(f, 0) + ")");
            }
        }
        return missing;
    }

    private static final List<String> FEATURES = features();

    private static List<String> features() {
        List<String> f = new ArrayList<>(List.of("conv", "two convs in a row", "conv stride 2", "conv same padding",
                "conv asymmetric padding", "conv dilation 2", "conv replicate padding", "conv without bias",
                "conv non-square kernel", "max pool", "avg pool", "padded pool", "batch norm on an image",
                "batch norm on a vector", "batch norm with an activation", "add of two", "add of three or more",
                "add with an activation", "add reading one tensor twice", "concat of images", "concat of vectors",
                "global avg pool", "flatten", "dense", "dense without bias", "dropout on a vector", "dropout on an image",
                "fan-out", "input read twice", "image output", "chain", "adversarial name", "name with $",
                "non-ASCII name", "OpenCL built-in or keyword as a name", "Java type or package as a name",
                "names differing by a generated suffix", "grouped conv", "depthwise conv", "ceil-mode max pool",
                "ceil-mode avg pool", "avg pool without the padding", "multiply of one shape", "multiply by a per-channel vector",
                "multiply by a (C, 1, 1) image", "multiply of vectors", "slice of an image", "slice of a vector",
                "channel shuffle", "batch norm on the input", "batch norm after a concat"));
        for (Activation a : Activation.values()) {
            if (a != Activation.SOFTMAX) {
                f.add("conv " + a);
            }
            f.add("dense " + a);
        }
        for (Loss l : Loss.values()) {
            f.add("loss " + l);
        }
        return List.copyOf(f);
    }

    private void count(NetworkSpec spec) {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Op op : spec.layers()) {
            names.add(op.name());
        }
        for (Op op : spec.layers()) {
            String n = op.name();
            if (RandomGraphs.ADVERSARIAL.contains(n)) {
                seen.add("adversarial name");
            }
            if (n.contains("$")) {
                seen.add("name with $");
            }
            if (n.chars().anyMatch(ch -> ch > 127)) {
                seen.add("non-ASCII name");
            }
            if (OPENCL_WORDS.contains(n)) {
                seen.add("OpenCL built-in or keyword as a name");
            }
            if (JAVA_SHADOWS.contains(n)) {
                seen.add("Java type or package as a name");
            }
            for (String other : names) {
                if (!other.equals(n) && other.startsWith(n) && !other.substring(n.length()).matches("\\d+")) {
                    seen.add("names differing by a generated suffix"); // c1 and c1Weight, mix and mix_forward
                }
            }
            if (op instanceof Conv2dOp c) {
                Window w = c.window();
                seen.add("conv");
                seen.add("conv " + c.activation());
                if (w.strideH() > 1 || w.strideW() > 1) {
                    seen.add("conv stride 2");
                }
                if (c.same()) {
                    seen.add("conv same padding");
                }
                if (w.padTop() != w.padBottom() || w.padLeft() != w.padRight()) {
                    seen.add("conv asymmetric padding");
                }
                if (w.dilationH() > 1 || w.dilationW() > 1) {
                    seen.add("conv dilation 2");
                }
                if (c.paddingMode() == PaddingMode.REPLICATE) {
                    seen.add("conv replicate padding");
                }
                if (!c.bias()) {
                    seen.add("conv without bias");
                }
                if (w.kernelH() != w.kernelW()) {
                    seen.add("conv non-square kernel");
                }
                if (!c.from().equals(Op.INPUT) && spec.layer(c.from()) instanceof Conv2dOp) {
                    seen.add("two convs in a row");
                }
                if (c.groups() > 1) {
                    seen.add(c.groups() == c.input().channels() ? "depthwise conv" : "grouped conv");
                }
            } else if (op instanceof MaxPool2dOp || op instanceof AvgPool2dOp) {
                seen.add(op instanceof MaxPool2dOp ? "max pool" : "avg pool");
                Window w = op instanceof MaxPool2dOp m ? m.window() : ((AvgPool2dOp) op).window();
                if (w.padTop() + w.padBottom() + w.padLeft() + w.padRight() > 0) {
                    seen.add("padded pool");
                }
                if (((Pool2dOp) op).ceilMode()) {
                    seen.add(op instanceof MaxPool2dOp ? "ceil-mode max pool" : "ceil-mode avg pool");
                }
                if (op instanceof AvgPool2dOp a && !a.countIncludePad()) {
                    seen.add("avg pool without the padding");
                }
            } else if (op instanceof BatchNormOp b) {
                seen.add(b.input().isVector() ? "batch norm on a vector" : "batch norm on an image");
                if (b.from().equals(Op.INPUT)) {
                    seen.add("batch norm on the input");
                } else if (spec.layer(b.from()) instanceof ConcatOp) {
                    seen.add("batch norm after a concat");
                }
                if (b.activation() != Activation.NONE) {
                    seen.add("batch norm with an activation");
                }
            } else if (op instanceof AddOp a) {
                seen.add(a.inputs().size() == 2 ? "add of two" : "add of three or more");
                if (a.activation() != Activation.NONE) {
                    seen.add("add with an activation");
                }
                if (a.inputs().stream().distinct().count() < a.inputs().size()) {
                    seen.add("add reading one tensor twice");
                }
            } else if (op instanceof ConcatOp c) {
                seen.add(c.output().isVector() ? "concat of vectors" : "concat of images");
            } else if (op instanceof GlobalAvgPool2dOp) {
                seen.add("global avg pool");
            } else if (op instanceof FlattenOp) {
                seen.add("flatten");
            } else if (op instanceof DenseOp d) {
                seen.add("dense");
                seen.add("dense " + d.activation());
                if (!d.bias()) {
                    seen.add("dense without bias");
                }
            } else if (op instanceof DropoutOp d) {
                seen.add(d.input().isVector() ? "dropout on a vector" : "dropout on an image");
            } else if (op instanceof MultiplyOp m) {
                if (m.output().isVector()) {
                    seen.add("multiply of vectors");
                } else if (!m.broadcast(0) && !m.broadcast(1)) {
                    seen.add("multiply of one shape");
                } else {
                    boolean vector = m.inputShapes().get(m.broadcast(0) ? 0 : 1).isVector();
                    seen.add(vector ? "multiply by a per-channel vector" : "multiply by a (C, 1, 1) image");
                }
            } else if (op instanceof SliceOp sl) {
                seen.add(sl.input().isVector() ? "slice of a vector" : "slice of an image");
            } else if (op instanceof ChannelShuffleOp) {
                seen.add("channel shuffle");
            }
        }
        if (spec.consumers(Op.INPUT).size() > 1) {
            seen.add("input read twice");
        }
        for (Op op : spec.layers()) {
            if (spec.consumers(op.name()).size() > 1) {
                seen.add("fan-out");
            }
        }
        if (!spec.output().isVector()) {
            seen.add("image output");
        }
        if (spec.isChain()) {
            seen.add("chain");
        }
        seen.add("loss " + spec.loss());
        for (String s : seen) {
            networks.merge(s, 1, Integer::sum);
        }
    }
}
