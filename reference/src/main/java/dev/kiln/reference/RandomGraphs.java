package dev.kiln.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random valid networks over the whole grammar, shared by the reference's gradient fuzzing and the
 * backends' parity tests: convs in a row (kernels, strides, explicit, asymmetric or {@code same}
 * padding, dilation, padding modes, groups and depthwise, every activation), max and average pooling (ceil
 * mode, average pooling without the padding in its divisor), batch norm on images, on vectors, on the input
 * and after a concatenation, residual adds (the skip from any earlier image of the same shape, or through a
 * 1x1 projection), concatenation of parallel branches (images along channels, vectors end to end),
 * squeeze-and-excitation (a product with a per-channel gate, as a vector or a (C, 1, 1) image), gating
 * products of one shape, ShuffleNet's split, branch, concatenation and shuffle, channel slices,
 * fan-out (one tensor read by several layers, the input included), global average pooling or
 * flatten, dense layers, dropout on images and vectors, every loss with a last layer that suits
 * it, and, when {@code adversarialNames} is on, layer names drawn from {@link #ADVERSARIAL} or made
 * of an earlier name plus one of the {@link #SUFFIXES} generated code derives from names.
 * {@link GrammarCoverage} counts what a set of them covers.
 */
public final class RandomGraphs {
    static final Activation[] HIDDEN = {
        Activation.NONE, Activation.RELU, Activation.LEAKY_RELU, Activation.SIGMOID, Activation.TANH, Activation.RELU6,
        Activation.HARD_SWISH, Activation.HARD_SIGMOID, Activation.SILU, Activation.GELU};

    /**
     * Legal Java field names that have broken generated code or could: Java and OpenCL keywords and
     * built-ins, the generator's own identifiers, names that differ only by a generated suffix, a
     * dollar sign and non-ASCII letters.
     */
    public static final List<String> ADVERSARIAL = List.of("mix", "max", "sin", "exp", "dot", "clamp", "select", "kernel",
            "global", "local", "constant", "half", "real", "params", "grads", "n", "n0", "n1", "worker", "in", "out", "g",
            "state", "training", "seed", "pool", "workers", "planned", "batch", "input_", "c1", "c1Weight", "c1WeightGrad",
            "a", "aGrad", "aOut", "gradBuffer0", "c1Out", "PARAMETERS", "INPUT_SIZE", "C1_WEIGHT", "$", "a$b", "_", "__x",
            "cl_x", "kilnX", "KILN", "größe", "δ", "层", "x1", "X1", "get_global_id", "float4", "int", "main", "inf", "NAN",
            // OpenCL words the allocator escapes, and the escapes themselves: mix becomes layer_mix, a$b becomes a_x24b
            "fma", "mad", "pow", "barrier", "restrict", "inline", "size_t", "uint", "vload4", "image2d_t", "layer_mix",
            "mix_2", "mix_forward", "a_x24b", "_x3b4", "layer_", "TILE", "real_t",
            // Java: contextual keywords, and simple names the generated code may use for a type or a package
            "var", "record", "yield", "sealed", "permits", "module", "Math", "System", "Float", "String", "Object",
            "Override", "java", "dev", "Arrays", "loss", "labels", "targets", "velocity", "adam_m", "lr", "i", "o", "b");
    /**
     * Names with a dollar sign or a non-ASCII letter, and simple names of Java types and packages
     * that generated code could use (a field {@code java} obscures the package {@code java}).
     */
    static final List<String> EXOTIC = List.of("$", "a$b", "größe", "δ", "层", "$x", "x$", "é1", "Ωmega", "a$b$c",
            "Math", "System", "java", "dev", "Float", "String", "Arrays", "Object");
    /** Suffixes the generators append to a layer's name; a layer named after another plus one of them tests the allocator. */
    static final List<String> SUFFIXES = List.of("Weight", "Bias", "Grad", "Out", "Params", "_forward", "_backward",
            "_backward_input", "_2", "_act", "_x24", "Mean", "Var", "_statistics", "Input", "Delta");

    private final SplittableRandom random;
    private final boolean adversarialNames;
    private final Set<String> used = new HashSet<>();
    private int counter;

    private RandomGraphs(SplittableRandom random, boolean adversarialNames) {
        this.random = random;
        this.adversarialNames = adversarialNames;
    }

    /** One random network named {@code pkg.name}; {@code maxConvInput} bounds each conv's input size (speed). */
    public static NetworkSpec next(SplittableRandom random, String qualifiedName, boolean adversarialNames) {
        for (int attempt = 0; ; attempt++) {
            NetworkSpec spec = new RandomGraphs(random, adversarialNames).build(qualifiedName);
            if (spec != null || attempt > 50) {
                return spec;
            }
        }
    }

    private String name(String plain) {
        if (adversarialNames && !used.isEmpty() && random.nextInt(6) == 0) {
            // an earlier layer's name plus a suffix the generators derive from names
            List<String> earlier = List.copyOf(new java.util.TreeSet<>(used));
            String n = earlier.get(random.nextInt(earlier.size())) + SUFFIXES.get(random.nextInt(SUFFIXES.size()));
            if (used.add(n)) {
                return n;
            }
        }
        if (adversarialNames && random.nextInt(2) == 0) {
            // a quarter of them rare kinds the long list would seldom draw
            List<String> from = random.nextInt(4) == 0 ? EXOTIC : ADVERSARIAL;
            for (int i = 0; i < 10; i++) {
                String n = from.get(random.nextInt(from.size()));
                if (used.add(n)) {
                    return n;
                }
            }
        }
        String n;
        do {
            n = plain + counter++;
        } while (!used.add(n));
        return n;
    }

    private Activation activation() {
        return HIDDEN[random.nextInt(HIDDEN.length)];
    }

    /** A tensor the generator may read: its name and shape. */
    private record T(String name, Shape shape) {}

    private NetworkSpec build(String qualifiedName) {
        Loss loss = Loss.values()[random.nextInt(Loss.values().length)];
        Shape in = Shape.of(random.nextInt(1, 4), random.nextInt(4, 10), random.nextInt(4, 10));
        SpecBuilder b = SpecBuilder.of(qualifiedName, in.channels(), in.height(), in.width(), loss);
        List<T> images = new ArrayList<>();
        T x = new T("input", in);
        images.add(x);
        if (random.nextInt(8) == 0) {
            String n = name("bnin");
            b.from(x.name()).batchNorm(n, 1e-5, 0.1, Activation.NONE); // batch norm on the input
            x = new T(n, in);
            images.add(x);
        }
        int steps = random.nextInt(1, 5);
        for (int i = 0; i < steps; i++) {
            int kind = random.nextInt(16);
            T next;
            if (kind == 11) {
                next = squeezeExcite(b, x);
            } else if (kind == 12) {
                next = gate(b, x);
            } else if (kind == 13) {
                next = shuffleUnit(b, x);
            } else if (kind == 14) {
                next = slice(b, x);
            } else if (kind == 3 && random.nextBoolean()) {
                next = groupedBlock(b, x);
            } else if (kind <= 3) {
                // a quarter of them conv, batch norm, activation: the pair the inference rewrite folds
                boolean norm = random.nextInt(4) == 0;
                next = conv(b, x, false, norm ? Activation.NONE : activation());
                if (next != null && norm) {
                    String n = name("bn");
                    b.from(next.name()).batchNorm(n, 1e-5, 0.1, activation());
                    next = new T(n, next.shape());
                }
            } else if (kind == 10) {
                String n = name("dimg");
                b.from(x.name()).dropout(n, random.nextDouble(0.1, 0.6)); // on an image: per element, as on a vector
                next = new T(n, x.shape());
            } else if (kind == 4 || kind == 15) {
                next = pool(b, x);
            } else if (kind == 5) {
                String n = name("bn");
                b.from(x.name()).batchNorm(n, random.nextBoolean() ? 1e-5 : random.nextDouble(1e-4, 0.1),
                        random.nextBoolean() ? 0.1 : random.nextDouble(0.01, 1), activation());
                next = new T(n, x.shape());
            } else if (kind <= 7) {
                next = residual(b, x, images);
            } else {
                next = branches(b, x);
            }
            if (next == null) {
                return null;
            }
            if (next.shape().size() > 600) {
                return null;
            }
            x = next;
            images.add(x);
        }
        boolean vectorHead = loss != Loss.MEAN_SQUARED_ERROR || random.nextInt(3) > 0;
        if (!vectorHead) {
            return x.name().equals("input") ? null : b.build(); // an image output for MSE
        }
        T v;
        if (random.nextBoolean()) {
            String n = name("gap");
            b.from(x.name()).globalAvgPool(n);
            v = new T(n, Shape.vector(x.shape().channels()));
        } else {
            String n = name("flat");
            b.from(x.name()).flatten(n);
            v = new T(n, Shape.vector(x.shape().intSize()));
        }
        int hidden = random.nextInt(0, 4);
        for (int i = 0; i < hidden; i++) {
            int what = random.nextInt(6);
            if (what == 0) {
                String n = name("bnv");
                // eps 1e-2: over a batch of 2 to 5 vectors a unit's variance can be tiny, and 1 / sqrt(var + eps)
                // would then magnify float rounding far past what a float-versus-double comparison can tell from a bug
                b.from(v.name()).batchNorm(n, 1e-2, 0.1, activation());
                v = new T(n, v.shape());
            } else if (what == 1) {
                // two dense branches from one vector, joined end to end
                String d1 = name("d");
                String d2 = name("d");
                int u1 = random.nextInt(1, 5);
                int u2 = random.nextInt(1, 5);
                b.from(v.name()).dense(d1, u1, random.nextBoolean(), activation(), Init.DEFAULT);
                b.from(v.name()).dense(d2, u2, random.nextBoolean(), activation(), Init.DEFAULT);
                String c = name("cat");
                b.from(d1, d2).concat(c);
                v = new T(c, Shape.vector(u1 + u2));
                if (random.nextInt(3) == 0) {
                    String bn = name("bnv");
                    b.from(c).batchNorm(bn, 1e-2, 0.1, activation()); // see above for the eps
                    v = new T(bn, v.shape());
                }
            } else if (what == 2) {
                String n = name("h");
                int units = random.nextInt(2, 7);
                b.from(v.name()).dense(n, units, random.nextBoolean(), activation(), Init.DEFAULT);
                v = new T(n, Shape.vector(units));
            } else if (what == 3) {
                String n = name("drop");
                b.from(v.name()).dropout(n, random.nextDouble(0.1, 0.6));
                v = new T(n, v.shape());
            } else if (what == 4 || v.shape().channels() > 12) {
                // a slice of the units (also instead of a gate over a long vector, whose square weight would be large)
                int units = v.shape().channels();
                int start = random.nextInt(units);
                int end = random.nextInt(start + 1, units + 1);
                String n = name("vs");
                b.from(v.name()).slice(n, start, end); // units of a vector
                v = new T(n, Shape.vector(end - start));
            } else {
                String g = name("vg");
                Activation gateActivation = switch (random.nextInt(3)) {
                    case 0 -> Activation.SIGMOID;
                    case 1 -> Activation.HARD_SIGMOID;
                    default -> activation();
                };
                b.from(v.name()).dense(g, v.shape().channels(), true, gateActivation, Init.DEFAULT);
                String n = name("vm");
                b.from(v.name(), g).multiply(n); // a gate of one shape on a vector
                v = new T(n, v.shape());
            }
        }
        String out = name("out");
        b.from(v.name());
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> b.dense(out, random.nextInt(2, 5), random.nextBoolean(),
                    random.nextBoolean() ? Activation.NONE : Activation.SOFTMAX, Init.DEFAULT);
            case BINARY_CROSS_ENTROPY -> b.dense(out, 1, random.nextBoolean(),
                    random.nextBoolean() ? Activation.NONE : Activation.SIGMOID, Init.DEFAULT);
            case MEAN_SQUARED_ERROR -> b.dense(out, random.nextInt(1, 4), random.nextBoolean(), activation(), Init.DEFAULT);
        }
        return b.build();
    }

    /** A conv reading {@code x}; {@code keepShape}: same padding, stride 1 and x's channels (a residual branch). */
    private T conv(SpecBuilder b, T x, boolean keepShape) {
        return conv(b, x, keepShape, activation());
    }

    private T conv(SpecBuilder b, T x, boolean keepShape, Activation activation) {
        Shape in = x.shape();
        if (in.size() > 400) {
            return null;
        }
        String n = name("c");
        int filters = keepShape ? in.channels() : random.nextInt(1, 6);
        int groups = 1;
        if (in.channels() > 1 && random.nextInt(in.channels() >= 4 ? 2 : 3) == 0) {
            // grouped: by a divisor of the channels between 1 and them where there is one (depthwise a quarter of the
            // time), else depthwise
            groups = random.nextInt(4) == 0 ? in.channels() : properDivisor(in.channels());
            filters = keepShape ? in.channels() : groups * random.nextInt(1, 3);
        }
        PaddingMode mode = random.nextInt(3) == 0 ? PaddingMode.REPLICATE : PaddingMode.ZEROS;
        int kh = random.nextInt(1, 4);
        int kw = random.nextInt(4) == 0 ? random.nextInt(1, 4) : kh;
        int d = random.nextInt(4) == 0 ? 2 : 1;
        if (keepShape || random.nextInt(3) == 0) {
            int s = keepShape ? 1 : random.nextInt(1, 3);
            Window w = Window.same(in.height(), in.width(), kh, kw, s, s, d, d);
            b.from(x.name()).conv(n, filters, w, true, mode, random.nextInt(4) > 0, activation, Init.DEFAULT, groups);
            return new T(n, Shape.of(filters, (int) w.outputHeight(in.height()), (int) w.outputWidth(in.width())));
        }
        int s = random.nextInt(1, 3);
        int p = random.nextInt(0, kh);
        Window w = random.nextInt(4) == 0 ? new Window(kh, kw, s, s, p, Math.min(p + 1, kh - 1), 0, 0, d, d)
                : Window.symmetric(kh, kw, s, s, p, Math.min(p, kw - 1), d, d);
        if (w.outputHeight(in.height()) < 1 || w.outputWidth(in.width()) < 1) {
            return null;
        }
        b.from(x.name()).conv(n, filters, w, false, mode, random.nextInt(4) > 0, activation, Init.DEFAULT, groups);
        return new T(n, Shape.of(filters, (int) w.outputHeight(in.height()), (int) w.outputWidth(in.width())));
    }

    /** ResNeXt's pattern: a 1x1 conv to 4 or 6 channels, then a shape-keeping conv in 2 or 3 groups. */
    private T groupedBlock(SpecBuilder b, T x) {
        Shape in = x.shape();
        int channels = random.nextBoolean() ? 4 : 6;
        int groups = channels == 4 ? 2 : random.nextBoolean() ? 2 : 3;
        String wide = name("c");
        b.from(x.name()).conv(wide, channels, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS,
                random.nextBoolean(), activation(), Init.DEFAULT);
        String n = name("g");
        Window w = Window.same(in.height(), in.width(), 3, 3, 1, 1, 1, 1);
        b.from(wide).conv(n, channels, w, true, PaddingMode.ZEROS, random.nextBoolean(), activation(), Init.DEFAULT, groups);
        return new T(n, Shape.of(channels, in.height(), in.width()));
    }

    /** A random divisor of {@code n} strictly between 1 and {@code n}, or {@code n} itself when it is prime. */
    private int properDivisor(int n) {
        List<Integer> ds = new ArrayList<>();
        for (int d = 2; d < n; d++) {
            if (n % d == 0) {
                ds.add(d);
            }
        }
        return ds.isEmpty() ? n : ds.get(random.nextInt(ds.size()));
    }

    /** A random divisor of {@code n} above 1 ({@code n} itself when it is prime). */
    private int divisorAbove1(int n) {
        List<Integer> ds = new ArrayList<>();
        for (int d = 2; d <= n; d++) {
            if (n % d == 0) {
                ds.add(d);
            }
        }
        return ds.get(random.nextInt(ds.size()));
    }

    /**
     * Squeeze-and-excitation: the image times a per-channel gate, either a vector (global average pooling and
     * two dense layers) or a (C, 1, 1) image (average pooling over the whole plane and two 1x1 convs, as
     * torchvision's), multiplied in either order.
     */
    private T squeezeExcite(SpecBuilder b, T x) {
        Shape in = x.shape();
        int c = in.channels();
        int squeezed = random.nextInt(1, 3);
        Activation gateActivation = random.nextBoolean() ? Activation.HARD_SIGMOID : Activation.SIGMOID;
        String gate;
        if (random.nextBoolean()) {
            String pool = name("sq");
            b.from(x.name()).globalAvgPool(pool);
            String d1 = name("fc");
            b.from(pool).dense(d1, squeezed, true, random.nextBoolean() ? Activation.RELU : activation(), Init.DEFAULT);
            gate = name("gate");
            b.from(d1).dense(gate, c, true, gateActivation, Init.DEFAULT);
        } else {
            String pool = name("sq");
            b.from(x.name()).avgPool(pool, Window.symmetric(in.height(), in.width(), 1, 1, 0, 0, 1, 1));
            String c1 = name("fc");
            b.from(pool).conv(c1, squeezed, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                    Activation.RELU, Init.DEFAULT);
            gate = name("gate");
            b.from(c1).conv(gate, c, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                    gateActivation, Init.DEFAULT);
        }
        String n = name("se");
        if (random.nextBoolean()) {
            b.from(x.name(), gate).multiply(n);
        } else {
            b.from(gate, x.name()).multiply(n);
        }
        return new T(n, in);
    }

    /** A gate of one shape: the image times a shape-keeping conv of it (or of itself: x * x). */
    private T gate(SpecBuilder b, T x) {
        String other = x.name();
        if (random.nextInt(4) > 0) {
            T g = conv(b, x, true);
            if (g == null) {
                return null;
            }
            other = g.name();
        }
        String n = name("m");
        b.from(x.name(), other).multiply(n);
        return new T(n, x.shape());
    }

    /**
     * ShuffleNet's unit when the channels are even: the first half kept, the second through a shape-keeping
     * conv, joined and shuffled in two groups; otherwise a shuffle of the image in a random number of groups.
     */
    private T shuffleUnit(SpecBuilder b, T x) {
        Shape in = x.shape();
        int c = in.channels();
        if (c % 2 != 0 || c < 2) {
            String n = name("sh");
            int g = c == 1 ? 1 : divisorAbove1(c);
            b.from(x.name()).channelShuffle(n, g);
            return new T(n, in);
        }
        String left = name("s");
        b.from(x.name()).slice(left, 0, c / 2);
        String right = name("s");
        b.from(x.name()).slice(right, c / 2, c);
        T branch = conv(b, new T(right, Shape.of(c / 2, in.height(), in.width())), true);
        if (branch == null) {
            return null;
        }
        String cat = name("cat");
        b.from(left, branch.name()).concat(cat);
        String n = name("sh");
        b.from(cat).channelShuffle(n, 2);
        return new T(n, in);
    }

    /** A run of channels of the image. */
    private T slice(SpecBuilder b, T x) {
        Shape in = x.shape();
        int start = random.nextInt(in.channels());
        int end = random.nextInt(start + 1, in.channels() + 1);
        String n = name("sl");
        b.from(x.name()).slice(n, start, end);
        return new T(n, Shape.of(end - start, in.height(), in.width()));
    }

    private T pool(SpecBuilder b, T x) {
        Shape in = x.shape();
        int k = random.nextInt(1, 4);
        Window w = Window.symmetric(k, k, random.nextInt(1, k + 1), random.nextInt(1, k + 1), random.nextInt(0, k / 2 + 1),
                random.nextInt(0, k / 2 + 1), 1, 1);
        boolean ceil = random.nextBoolean();
        if (w.outputHeight(in.height(), ceil) < 1 || w.outputWidth(in.width(), ceil) < 1) {
            return null;
        }
        String n = name("p");
        if (random.nextBoolean()) {
            b.from(x.name()).maxPool(n, w, ceil);
        } else {
            b.from(x.name()).avgPool(n, w, ceil, random.nextBoolean());
        }
        return new T(n, Shape.of(in.channels(), (int) w.outputHeight(in.height(), ceil), (int) w.outputWidth(in.width(), ceil)));
    }

    /**
     * ResNet's block: one or two shape-keeping convs (each maybe followed by batch norm) added to a
     * shortcut, the block's input or, through a 1x1 conv, any earlier image of the same height and width.
     */
    private T residual(SpecBuilder b, T x, List<T> images) {
        T y = x;
        int convs = random.nextInt(1, 3);
        for (int i = 0; i < convs; i++) {
            boolean norm = random.nextBoolean();
            // before a batch norm, mostly linear (conv, norm, activation): the pair the inference rewrite folds
            y = conv(b, y, true, norm && random.nextInt(3) > 0 ? Activation.NONE : activation());
            if (y == null) {
                return null;
            }
            if (norm) {
                String n = name("bn");
                b.from(y.name()).batchNorm(n, 1e-5, 0.1, activation());
                y = new T(n, y.shape());
            }
        }
        T shortcut = x;
        if (random.nextInt(3) == 0) {
            T earlier = images.get(random.nextInt(images.size()));
            if (earlier.shape().height() == x.shape().height() && earlier.shape().width() == x.shape().width()) {
                String n = name("proj");
                b.from(earlier.name()).conv(n, x.shape().channels(), Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false,
                        PaddingMode.ZEROS, random.nextBoolean(), Activation.NONE, Init.DEFAULT);
                shortcut = new T(n, x.shape());
            }
        }
        String n = name("add");
        if (random.nextInt(4) == 0) {
            b.from(y.name(), shortcut.name(), x.name()).add(n, activation()); // three addends, x possibly twice
        } else {
            b.from(y.name(), shortcut.name()).add(n, activation());
        }
        return new T(n, x.shape());
    }

    /** Inception's pattern: two or three parallel same-padded convs (or a pool) of one input, joined along channels. */
    private T branches(SpecBuilder b, T x) {
        int count = random.nextInt(2, 4);
        List<String> names = new ArrayList<>();
        int channels = 0;
        for (int i = 0; i < count; i++) {
            if (i == count - 1 && random.nextInt(3) == 0) {
                String n = name("bp");
                b.from(x.name()).maxPool(n, Window.same(x.shape().height(), x.shape().width(), 3, 3, 1, 1, 1, 1));
                names.add(n);
                channels += x.shape().channels();
                continue;
            }
            T y = conv(b, x, false);
            if (y == null || y.shape().height() != x.shape().height() || y.shape().width() != x.shape().width()) {
                // stride or padding changed the size: a 1x1 same conv keeps it instead
                String n = name("b");
                int f = random.nextInt(1, 4);
                b.from(x.name()).conv(n, f, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        activation(), Init.DEFAULT);
                if (y != null) {
                    return null; // the mismatched conv would be unused
                }
                y = new T(n, Shape.of(f, x.shape().height(), x.shape().width()));
            }
            names.add(y.name());
            channels += y.shape().channels();
        }
        String n = name("cat");
        b.from(names.toArray(new String[0])).concat(n);
        Shape joined = Shape.of(channels, x.shape().height(), x.shape().width());
        if (random.nextInt(3) > 0) {
            String bn = name("bn");
            b.from(n).batchNorm(bn, 1e-5, 0.1, activation()); // DenseNet's norm after a concatenation
            return new T(bn, joined);
        }
        return new T(n, joined);
    }
}
