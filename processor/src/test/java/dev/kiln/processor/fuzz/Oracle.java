package dev.kiln.processor.fuzz;

import dev.kiln.processor.fuzz.FuzzSpec.FuzzLayer;
import java.math.BigInteger;
import java.util.List;

/**
 * Decides whether a {@link FuzzSpec} is valid, written again from the rules of issues 2 and 7 and
 * the processor's documented decisions, without calling the processor's validator. Arbitrary
 * precision arithmetic throughout, so that this side cannot overflow where the processor might.
 */
final class Oracle {
    private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private Oracle() {
    }

    /** What the oracle computes for one layer of a valid spec: its output shape, parameters and multiplies per image. */
    record Figures(long channels, long height, long width, long params, long multiplies) {
    }

    /** Null when valid, otherwise the first rule broken (for failure messages). */
    static String whyInvalid(FuzzSpec spec) {
        return analyse(spec, new java.util.ArrayList<>());
    }

    /**
     * Null when valid, otherwise the first rule broken; for a valid spec, {@code figures} receives
     * one entry per layer, in order.
     */
    static String analyse(FuzzSpec spec, List<Figures> figures) {
        if (spec.channels() < 1 || spec.height() < 1 || spec.width() < 1) {
            return "input dimension below 1";
        }
        BigInteger c = big(spec.channels());
        BigInteger h = big(spec.height());
        BigInteger w = big(spec.width());
        if (c.multiply(h).multiply(w).compareTo(MAX) > 0) {
            return "input too large";
        }
        List<FuzzLayer> layers = spec.layers();
        if (layers.isEmpty()) {
            return "no layers";
        }
        if (layers.size() > 500) {
            return "more than 500 layers";
        }
        boolean vector = false;
        BigInteger params = BigInteger.ZERO;
        BigInteger multiplies = BigInteger.ZERO;
        for (int i = 0; i < layers.size(); i++) {
            FuzzLayer l = layers.get(i);
            boolean last = i == layers.size() - 1;
            BigInteger paramsBefore = params;
            BigInteger multipliesBefore = multiplies;
            String activation = l.enumName("activation", "NONE");
            if (activation.equals("SOFTMAX") && !(last && l.kind().equals("Dense") && spec.loss().equals("SOFTMAX_CROSS_ENTROPY"))) {
                return l.name() + ": softmax misplaced";
            }
            switch (l.kind()) {
                case "Conv2d" -> {
                    int filters = l.integer("filters");
                    int[] k = l.ints("kernel", null);
                    int[] s = l.ints("stride", new int[] {1});
                    int[] p = l.ints("padding", new int[] {0});
                    int[] d = l.ints("dilation", new int[] {1});
                    boolean same = l.bool("same", false);
                    if (bad(k) || bad(s) || bad(p) || bad(d)) {
                        return l.name() + ": arity";
                    }
                    if (filters < 1 || min(k) < 1 || min(s) < 1 || min(d) < 1 || min(p) < 0) {
                        return l.name() + ": range";
                    }
                    if (same && (p[0] != 0 || at(p, 1) != 0)) {
                        return l.name() + ": same with padding";
                    }
                    BigInteger extH = big(at(d, 0)).multiply(big(at(k, 0) - 1L)).add(BigInteger.ONE);
                    BigInteger extW = big(at(d, 1)).multiply(big(at(k, 1) - 1L)).add(BigInteger.ONE);
                    if (extH.compareTo(MAX) > 0 || extW.compareTo(MAX) > 0) {
                        return l.name() + ": extent";
                    }
                    if (!same && (big(at(p, 0)).compareTo(extH) >= 0 || big(at(p, 1)).compareTo(extW) >= 0)) {
                        return l.name() + ": padding >= extent";
                    }
                    if (vector) {
                        return l.name() + ": conv on a vector";
                    }
                    BigInteger oh = same ? ceil(h, at(s, 0)) : out(h, at(p, 0), extH, at(s, 0));
                    BigInteger ow = same ? ceil(w, at(s, 1)) : out(w, at(p, 1), extW, at(s, 1));
                    if (oh == null || ow == null) {
                        return l.name() + ": kernel too large";
                    }
                    BigInteger f = big(filters);
                    if (oh.compareTo(MAX) > 0 || ow.compareTo(MAX) > 0 || f.multiply(oh).multiply(ow).compareTo(MAX) > 0) {
                        return l.name() + ": activation too large";
                    }
                    BigInteger layerParams = f.multiply(c).multiply(big(at(k, 0))).multiply(big(at(k, 1)))
                            .add(l.bool("bias", true) ? f : BigInteger.ZERO);
                    if (layerParams.compareTo(MAX) > 0) {
                        return l.name() + ": layer params";
                    }
                    if (oh.multiply(ow).multiply(c).multiply(big(at(k, 0))).multiply(big(at(k, 1))).compareTo(MAX) > 0) {
                        return l.name() + ": unfolded input too large";
                    }
                    params = params.add(layerParams);
                    multiplies = multiplies.add(f.multiply(oh).multiply(ow).multiply(c).multiply(big(at(k, 0))).multiply(big(at(k, 1))));
                    c = f;
                    h = oh;
                    w = ow;
                }
                case "MaxPool2d", "AvgPool2d" -> {
                    int[] k = l.ints("size", null);
                    int[] s = l.ints("stride", new int[0]);
                    int[] p = l.ints("padding", new int[] {0});
                    if (s.length == 0) {
                        s = k;
                    }
                    if (bad(k) || bad(s) || bad(p)) {
                        return l.name() + ": arity";
                    }
                    if (min(k) < 1 || min(s) < 1 || min(p) < 0) {
                        return l.name() + ": range";
                    }
                    if (at(p, 0) > at(k, 0) / 2 || at(p, 1) > at(k, 1) / 2) {
                        return l.name() + ": pool padding above half";
                    }
                    if (vector) {
                        return l.name() + ": pool on a vector";
                    }
                    BigInteger oh = out(h, at(p, 0), big(at(k, 0)), at(s, 0));
                    BigInteger ow = out(w, at(p, 1), big(at(k, 1)), at(s, 1));
                    if (oh == null || ow == null) {
                        return l.name() + ": window too large";
                    }
                    if (l.kind().equals("AvgPool2d")) {
                        multiplies = multiplies.add(c.multiply(oh).multiply(ow));
                    }
                    h = oh;
                    w = ow;
                }
                case "Flatten" -> {
                    c = c.multiply(h).multiply(w);
                    h = BigInteger.ONE;
                    w = BigInteger.ONE;
                    vector = true;
                }
                case "Dense" -> {
                    int units = l.integer("units");
                    if (units < 1) {
                        return l.name() + ": units";
                    }
                    if (!vector) {
                        return l.name() + ": dense without flatten";
                    }
                    BigInteger u = big(units);
                    BigInteger layerParams = u.multiply(c).add(l.bool("bias", true) ? u : BigInteger.ZERO);
                    if (layerParams.compareTo(MAX) > 0) {
                        return l.name() + ": layer params";
                    }
                    params = params.add(layerParams);
                    multiplies = multiplies.add(u.multiply(c));
                    c = u;
                }
                case "Dropout" -> {
                    double rate = rate((String) l.attributes().get("rate"));
                    if (!(rate >= 0 && rate < 1)) {
                        return l.name() + ": rate";
                    }
                }
                default -> throw new IllegalStateException(l.kind());
            }
            if (params.compareTo(MAX) > 0) {
                return l.name() + ": total params";
            }
            if (multiplies.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
                return l.name() + ": multiplies";
            }
            figures.add(new Figures(c.longValueExact(), h.longValueExact(), w.longValueExact(),
                    params.subtract(paramsBefore).longValueExact(), multiplies.subtract(multipliesBefore).longValueExact()));
        }
        FuzzLayer last = layers.get(layers.size() - 1);
        String activation = last.enumName("activation", "NONE");
        switch (spec.loss()) {
            case "SOFTMAX_CROSS_ENTROPY" -> {
                if (!last.kind().equals("Dense") || !(activation.equals("NONE") || activation.equals("SOFTMAX"))
                        || last.integer("units") < 2) {
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

    /** floor((in + 2p - extent) / s) + 1, or null when the window does not fit. */
    private static BigInteger out(BigInteger in, int pad, BigInteger extent, int stride) {
        BigInteger span = in.add(big(pad).shiftLeft(1)).subtract(extent);
        return span.signum() < 0 ? null : span.divide(big(stride)).add(BigInteger.ONE);
    }

    private static BigInteger ceil(BigInteger in, int stride) {
        BigInteger[] qr = in.divideAndRemainder(big(stride));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    private static double rate(String literal) {
        return switch (literal) {
            case "Double.NaN" -> Double.NaN;
            case "Double.POSITIVE_INFINITY" -> Double.POSITIVE_INFINITY;
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
