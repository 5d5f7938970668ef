package dev.kiln.processor.fuzz;

import dev.kiln.processor.fuzz.FuzzSpec.FuzzLayer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a {@link FuzzSpec} is valid, written again from the rules of issues 2, 7, 10 and 23 and the
 * processor's documented decisions, without calling the processor's validator, for every layer kind: the
 * graph ({@code from}, merges, unused layers, augmentation only at the start), each kind's attributes and
 * shapes, the int limits, and the loss. Arbitrary precision arithmetic throughout, so that this side cannot
 * overflow where the processor might.
 */
final class Oracle {
    private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final Set<String> MERGES = Set.of("Add", "Concat", "Multiply");
    private static final Set<String> AUGMENTATIONS = Set.of("RandomFlip", "RandomTranslation", "RandomRotation", "RandomZoom",
            "RandomContrast");

    private Oracle() {
    }

    /** What the oracle computes for one layer of a valid spec: its output shape, parameters and multiplies per image. */
    record Figures(long channels, long height, long width, long params, long multiplies) {
    }

    /** A tensor's shape: {@code (c, h, w)}, or a vector of {@code c} stored as {@code (c, 1, 1)}. */
    private record T(BigInteger c, BigInteger h, BigInteger w, boolean vector) {
        BigInteger size() {
            return c.multiply(h).multiply(w);
        }

        boolean sameAs(T o) {
            return vector == o.vector && c.equals(o.c) && h.equals(o.h) && w.equals(o.w);
        }
    }

    /** One layer's result: its output, parameters and multiplies; or why it is invalid. */
    private record Result(T out, BigInteger params, BigInteger multiplies, String invalid) {
        static Result of(T out, BigInteger params, BigInteger multiplies) {
            return new Result(out, params, multiplies, null);
        }

        static Result of(T out) {
            return new Result(out, BigInteger.ZERO, BigInteger.ZERO, null);
        }

        static Result invalid(String why) {
            return new Result(null, null, null, why);
        }
    }

    /** Null when valid, otherwise the first rule broken (for failure messages). */
    static String whyInvalid(FuzzSpec spec) {
        return analyse(spec, new ArrayList<>());
    }

    /**
     * Null when valid, otherwise the first rule broken; for a valid spec, {@code figures} receives
     * one entry per layer, in order.
     */
    static String analyse(FuzzSpec spec, List<Figures> figures) {
        if (spec.channels() < 1 || spec.height() < 1 || spec.width() < 1) {
            return "input dimension below 1";
        }
        T input = new T(big(spec.channels()), big(spec.height()), big(spec.width()), false);
        if (input.size().compareTo(MAX) > 0) {
            return "input too large";
        }
        List<FuzzLayer> layers = spec.layers();
        if (layers.isEmpty()) {
            return "no layers";
        }
        if (layers.size() > 500) {
            return "more than 500 layers";
        }
        Map<String, T> shapes = new HashMap<>();
        shapes.put("input", input);
        Set<String> read = new HashSet<>();
        Set<String> augmentations = new HashSet<>();
        boolean otherSeen = false;
        String previous = "input";
        BigInteger params = BigInteger.ZERO;
        BigInteger multiplies = BigInteger.ZERO;
        for (int i = 0; i < layers.size(); i++) {
            FuzzLayer l = layers.get(i);
            boolean last = i == layers.size() - 1;
            String activation = l.enumName("activation", "NONE");
            if (activation.equals("SOFTMAX") && !(last && l.kind().equals("Dense") && spec.loss().equals("SOFTMAX_CROSS_ENTROPY"))) {
                return l.name() + ": softmax misplaced";
            }
            List<String> from = l.from().length == 0 ? List.of(previous) : List.of(l.from());
            boolean merge = MERGES.contains(l.kind());
            if (merge && from.size() < 2 || !merge && from.size() != 1) {
                return l.name() + ": from arity";
            }
            for (String t : from) {
                if (!shapes.containsKey(t)) {
                    return l.name() + ": from names '" + t + "', not an earlier layer";
                }
            }
            if (AUGMENTATIONS.contains(l.kind())) {
                if (otherSeen || !from.get(0).equals("input") && !augmentations.contains(from.get(0))) {
                    return l.name() + ": augmentation not at the start";
                }
                augmentations.add(l.name());
            } else {
                otherSeen = true;
            }
            read.addAll(from);
            previous = l.name();
            List<T> in = from.stream().map(shapes::get).toList();
            Result r = layer(l, in);
            if (r.invalid() != null) {
                return l.name() + ": " + r.invalid();
            }
            params = params.add(r.params());
            multiplies = multiplies.add(r.multiplies());
            if (params.compareTo(MAX) > 0) {
                return l.name() + ": total params";
            }
            if (multiplies.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
                return l.name() + ": multiplies";
            }
            shapes.put(l.name(), r.out());
            figures.add(new Figures(r.out().c().longValueExact(), r.out().h().longValueExact(), r.out().w().longValueExact(),
                    r.params().longValueExact(), r.multiplies().longValueExact()));
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            if (!read.contains(layers.get(i).name())) {
                return layers.get(i).name() + ": unused";
            }
        }
        FuzzLayer last = layers.get(layers.size() - 1);
        String activation = last.enumName("activation", "NONE");
        switch (spec.loss()) {
            case "SOFTMAX_CROSS_ENTROPY" -> {
                // class scores from a dense layer, or a global average pool of class maps (logits)
                boolean pooled = last.kind().equals("GlobalAvgPool2d");
                if (!pooled && (!last.kind().equals("Dense") || !(activation.equals("NONE") || activation.equals("SOFTMAX"))
                        || last.integer("units") < 2)) {
                    return "cross-entropy tail";
                }
            }
            case "BINARY_CROSS_ENTROPY" -> {
                if (!last.kind().equals("Dense") || last.integer("units") != 1
                        || !(activation.equals("NONE") || activation.equals("SIGMOID"))) {
                    return "binary tail";
                }
            }
            default -> {
                // mean squared error fits any last layer
            }
        }
        return null;
    }

    /** One layer's rule, given the shapes it reads. */
    private static Result layer(FuzzLayer l, List<T> in) {
        T x = in.get(0);
        return switch (l.kind()) {
            case "Conv2d" -> conv(l, x);
            case "MaxPool2d", "AvgPool2d" -> pool(l, x);
            case "Flatten" -> Result.of(new T(x.size(), BigInteger.ONE, BigInteger.ONE, true));
            case "Dense" -> dense(l, x);
            case "Dropout" -> {
                double rate = number((String) l.attributes().get("rate"));
                yield rate >= 0 && rate < 1 ? Result.of(x) : Result.invalid("rate");
            }
            case "BatchNorm" -> {
                double eps = number(l.text("eps", "1e-5"));
                double momentum = number(l.text("momentum", "0.1"));
                if (!(eps > 0) || Double.isInfinite(eps) || !(momentum > 0 && momentum <= 1)) {
                    yield Result.invalid("eps or momentum");
                }
                // weight and bias per feature; one multiply per element
                yield Result.of(x, x.c().shiftLeft(1), x.size());
            }
            case "GlobalAvgPool2d" -> x.vector() ? Result.invalid("global pool of a vector")
                    : Result.of(new T(x.c(), BigInteger.ONE, BigInteger.ONE, true), BigInteger.ZERO, x.c());
            case "Add" -> {
                for (T t : in) {
                    if (!t.sameAs(x)) {
                        yield Result.invalid("add shapes");
                    }
                }
                yield Result.of(x);
            }
            case "Concat" -> {
                BigInteger channels = BigInteger.ZERO;
                for (T t : in) {
                    if (t.vector() != x.vector() || !t.h().equals(x.h()) || !t.w().equals(x.w())) {
                        yield Result.invalid("concat shapes");
                    }
                    channels = channels.add(t.c());
                }
                T out = new T(channels, x.h(), x.w(), x.vector());
                yield out.size().compareTo(MAX) > 0 ? Result.invalid("concat too large") : Result.of(out);
            }
            case "Multiply" -> {
                if (in.size() != 2) {
                    yield Result.invalid("multiply of " + in.size());
                }
                T out = product(in.get(0), in.get(1));
                yield out == null ? Result.invalid("multiply shapes") : Result.of(out, BigInteger.ZERO, out.size());
            }
            case "Slice" -> {
                int[] channels = l.ints("channels", null);
                if (channels.length != 2) {
                    yield Result.invalid("slice arity");
                }
                if (channels[0] < 0 || channels[1] <= channels[0] || big(channels[1]).compareTo(x.c()) > 0) {
                    yield Result.invalid("slice range");
                }
                yield Result.of(new T(big(channels[1] - channels[0]), x.h(), x.w(), x.vector()));
            }
            case "ChannelShuffle" -> {
                int groups = l.integer("groups");
                yield groups < 1 || x.c().mod(big(groups)).signum() != 0 ? Result.invalid("shuffle groups") : Result.of(x);
            }
            case "RandomFlip" -> x.vector() ? Result.invalid("augment of a vector") : Result.of(x);
            case "RandomTranslation" -> fraction(l, "height") && fraction(l, "width") ? Result.of(x) : Result.invalid("translation");
            case "RandomRotation" -> {
                double degrees = number(l.text("degrees", null));
                yield degrees >= 0 && degrees <= 180 ? Result.of(x) : Result.invalid("degrees");
            }
            case "RandomZoom" -> fraction(l, "value") ? Result.of(x) : Result.invalid("zoom");
            case "RandomContrast" -> {
                double value = number(l.text("value", null));
                yield value >= 0 && value <= 1 ? Result.of(x) : Result.invalid("contrast");
            }
            default -> throw new IllegalStateException(l.kind());
        };
    }

    /** A fraction in [0, 1), as translations and zooms take. */
    private static boolean fraction(FuzzLayer l, String attribute) {
        double v = number(l.text(attribute, null));
        return v >= 0 && v < 1;
    }

    /**
     * {@code a * b}: one shape, or a per-channel operand ({@code (C, 1, 1)} or {@code (C)}) times an image of
     * {@code C} channels; null otherwise.
     */
    private static T product(T a, T b) {
        if (a.sameAs(b)) {
            return a;
        }
        if (!a.c().equals(b.c())) {
            return null;
        }
        boolean aPerChannel = a.h().equals(BigInteger.ONE) && a.w().equals(BigInteger.ONE);
        boolean bPerChannel = b.h().equals(BigInteger.ONE) && b.w().equals(BigInteger.ONE);
        if (aPerChannel && !b.vector()) {
            return b;
        }
        if (bPerChannel && !a.vector()) {
            return a;
        }
        return null;
    }

    private static Result conv(FuzzLayer l, T x) {
        int filters = l.integer("filters");
        int groups = l.attributes().containsKey("groups") ? l.integer("groups") : 1;
        int[] k = l.ints("kernel", null);
        int[] s = l.ints("stride", new int[] {1});
        int[] p = l.ints("padding", new int[] {0});
        int[] d = l.ints("dilation", new int[] {1});
        boolean same = l.bool("same", false);
        if (bad(k) || bad(s) || bad(p) || bad(d)) {
            return Result.invalid("arity");
        }
        if (filters < 1 || groups < 1 || min(k) < 1 || min(s) < 1 || min(d) < 1 || min(p) < 0) {
            return Result.invalid("range");
        }
        if (same && (p[0] != 0 || at(p, 1) != 0)) {
            return Result.invalid("same with padding");
        }
        BigInteger extH = big(at(d, 0)).multiply(big(at(k, 0) - 1L)).add(BigInteger.ONE);
        BigInteger extW = big(at(d, 1)).multiply(big(at(k, 1) - 1L)).add(BigInteger.ONE);
        if (extH.compareTo(MAX) > 0 || extW.compareTo(MAX) > 0) {
            return Result.invalid("extent");
        }
        if (!same && (big(at(p, 0)).compareTo(extH) >= 0 || big(at(p, 1)).compareTo(extW) >= 0)) {
            return Result.invalid("padding >= extent");
        }
        if (x.vector()) {
            return Result.invalid("conv on a vector");
        }
        BigInteger g = big(groups);
        BigInteger f = big(filters);
        if (x.c().mod(g).signum() != 0 || f.mod(g).signum() != 0) {
            return Result.invalid("groups do not divide");
        }
        BigInteger oh = same ? ceil(x.h(), at(s, 0)) : out(x.h(), at(p, 0), extH, at(s, 0), false);
        BigInteger ow = same ? ceil(x.w(), at(s, 1)) : out(x.w(), at(p, 1), extW, at(s, 1), false);
        if (oh == null || ow == null) {
            return Result.invalid("kernel too large");
        }
        if (oh.compareTo(MAX) > 0 || ow.compareTo(MAX) > 0 || f.multiply(oh).multiply(ow).compareTo(MAX) > 0) {
            return Result.invalid("activation too large");
        }
        // each filter sees its group's C / groups channels
        BigInteger fanIn = x.c().divide(g).multiply(big(at(k, 0))).multiply(big(at(k, 1)));
        BigInteger layerParams = f.multiply(fanIn).add(l.bool("bias", true) ? f : BigInteger.ZERO);
        if (layerParams.compareTo(MAX) > 0) {
            return Result.invalid("layer params");
        }
        if (oh.multiply(ow).multiply(fanIn).compareTo(MAX) > 0) {
            return Result.invalid("unfolded input too large");
        }
        return Result.of(new T(f, oh, ow, false), layerParams, f.multiply(oh).multiply(ow).multiply(fanIn));
    }

    private static Result pool(FuzzLayer l, T x) {
        int[] k = l.ints("size", null);
        int[] s = l.ints("stride", new int[0]);
        int[] p = l.ints("padding", new int[] {0});
        boolean ceil = l.bool("ceilMode", false);
        if (s.length == 0) {
            s = k;
        }
        if (bad(k) || bad(s) || bad(p)) {
            return Result.invalid("arity");
        }
        if (min(k) < 1 || min(s) < 1 || min(p) < 0) {
            return Result.invalid("range");
        }
        if (at(p, 0) > at(k, 0) / 2 || at(p, 1) > at(k, 1) / 2) {
            return Result.invalid("pool padding above half");
        }
        if (x.vector()) {
            return Result.invalid("pool on a vector");
        }
        // the window fits the padded input, in ceil mode too (Kiln's rule; PyTorch allows stride - 1 more)
        if (out(x.h(), at(p, 0), big(at(k, 0)), at(s, 0), false) == null
                || out(x.w(), at(p, 1), big(at(k, 1)), at(s, 1), false) == null) {
            return Result.invalid("window too large");
        }
        BigInteger oh = out(x.h(), at(p, 0), big(at(k, 0)), at(s, 0), ceil);
        BigInteger ow = out(x.w(), at(p, 1), big(at(k, 1)), at(s, 1), ceil);
        if (oh == null || ow == null) {
            return Result.invalid("window too large");
        }
        if (big(at(k, 0)).multiply(big(at(k, 1))).multiply(oh).multiply(ow).compareTo(MAX) > 0) {
            return Result.invalid("window table too large");
        }
        T o = new T(x.c(), oh, ow, false);
        return Result.of(o, BigInteger.ZERO, l.kind().equals("AvgPool2d") ? o.size() : BigInteger.ZERO);
    }

    private static Result dense(FuzzLayer l, T x) {
        int units = l.integer("units");
        if (units < 1) {
            return Result.invalid("units");
        }
        if (!x.vector()) {
            return Result.invalid("dense without flatten");
        }
        BigInteger u = big(units);
        BigInteger layerParams = u.multiply(x.c()).add(l.bool("bias", true) ? u : BigInteger.ZERO);
        if (layerParams.compareTo(MAX) > 0) {
            return Result.invalid("layer params");
        }
        return Result.of(new T(u, BigInteger.ONE, BigInteger.ONE, true), layerParams, u.multiply(x.c()));
    }

    /**
     * The output size of a window along one dimension, or null when none fits. Floor:
     * {@code floor((in + 2p - extent) / s) + 1} with a fitting window. Ceil (PyTorch's {@code ceil_mode}):
     * {@code ceil((in + 2p - extent) / s) + 1}, one less when the last window would start at or past
     * {@code in + p}; at least 1 to be valid.
     */
    private static BigInteger out(BigInteger in, int pad, BigInteger extent, int stride, boolean ceil) {
        BigInteger span = in.add(big(pad).shiftLeft(1)).subtract(extent);
        BigInteger st = big(stride);
        if (!ceil) {
            return span.signum() < 0 ? null : span.divide(st).add(BigInteger.ONE);
        }
        // PyTorch's pooling_output_shape: floor((span + s - 1) / s) + 1, rounding towards minus infinity
        BigInteger[] qr = span.add(st).subtract(BigInteger.ONE).divideAndRemainder(st);
        BigInteger n = (qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0]).add(BigInteger.ONE);
        if (n.signum() > 0 && n.subtract(BigInteger.ONE).multiply(st).compareTo(in.add(big(pad))) >= 0) {
            n = n.subtract(BigInteger.ONE);
        }
        return n.signum() > 0 ? n : null;
    }

    private static BigInteger ceil(BigInteger in, int stride) {
        BigInteger[] qr = in.divideAndRemainder(big(stride));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    private static double number(String literal) {
        return switch (literal) {
            case "Double.NaN" -> Double.NaN;
            case "Double.POSITIVE_INFINITY" -> Double.POSITIVE_INFINITY;
            case "Double.NEGATIVE_INFINITY" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(literal);
        };
    }

    private static boolean bad(int[] values) {
        return values == null || values.length < 1 || values.length > 2;
    }

    private static int at(int[] values, int i) {
        return values.length == 1 ? values[0] : values[i];
    }

    private static int min(int[] values) {
        int m = Integer.MAX_VALUE;
        for (int v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }
}
