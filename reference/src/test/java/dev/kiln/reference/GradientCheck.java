package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;
import java.util.SplittableRandom;

/**
 * Central finite differences of the reference's loss, compared with its analytic gradients.
 *
 * <p>Every parameter and every input element is moved by {@code ±EPS} and the slope
 * {@code (L(+) - L(-)) / 2 EPS} compared with the analytic value. An element passes when
 * {@code |analytic - numeric| <= RTOL max(|analytic|, |numeric|)} (relative error below 1e-6), or,
 * for gradients so small that double rounding of the loss dominates the difference quotient,
 * when the difference is below {@code ATOL}: the loss (of order 1) is known to about 1e-16, so
 * the quotient carries about 1e-16 / 1e-6 = 1e-10 of rounding noise; 1e-9 leaves a factor 10.
 * The two meet at gradients of 1e-3: above, the relative test alone decides.
 */
final class GradientCheck {
    static final double EPS = 1e-6;
    static final double RTOL = 1e-6;
    static final double ATOL = 1e-9;

    private GradientCheck() {
    }

    /** Random parameters, inputs and labels/targets from {@code seed}, then the check of both gradients. */
    static double check(NetworkSpec spec, int batch, long seed, boolean training) {
        return check(spec, batch, seed, training, 1, 1);
    }

    /**
     * As {@link #check(NetworkSpec, int, long, boolean)} in inference mode, for big networks: only
     * every {@code paramStride}-th parameter and {@code inputStride}-th input element.
     */
    static double checkSampled(NetworkSpec spec, int batch, long seed, int paramStride, int inputStride) {
        return check(spec, batch, seed, false, paramStride, inputStride);
    }

    private static double check(NetworkSpec spec, int batch, long seed, boolean training, int paramStride,
                                int inputStride) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] params = new double[spec.parameterCount()];
        for (var p : spec.params()) {
            // weights scaled by fan-in so that activations stay of order 1 however deep the network
            double bound = p.isBias() ? 0.5 : 2 / Math.sqrt(p.fanIn());
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                params[i] = random.nextDouble(-bound, bound);
            }
        }
        double[] input = new double[Math.toIntExact(batch * spec.input().size())];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextDouble(-1, 1);
        }
        int size = spec.output().intSize();
        int[] labels = new int[batch];
        double[] targets = new double[batch * size];
        for (int n = 0; n < batch; n++) {
            labels[n] = random.nextInt(size);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = spec.loss() == Loss.BINARY_CROSS_ENTROPY ? random.nextInt(2) : random.nextDouble(-1, 1);
        }
        return check(spec, params, input, batch, labels, targets, training, seed, paramStride, inputStride);
    }

    /** Checks every parameter and input gradient; returns the largest relative error seen. */
    static double check(NetworkSpec spec, double[] params, double[] input, int batch, int[] labels, double[] targets,
                        boolean training, long seed, int paramStride, int inputStride) {
        ReferenceNetwork net = new ReferenceNetwork(spec);
        ReferenceNetwork.Gradients g = net.gradients(params, input, batch, labels, targets, training, seed);
        double worst = 0;
        for (int i = 0; i < params.length; i += paramStride) {
            double numeric = slope(net, params, i, params, input, batch, labels, targets, training, seed);
            worst = Math.max(worst, compare(spec + " parameter " + i + " " + name(spec, i), g.params()[i], numeric));
        }
        for (int i = 0; i < input.length; i += inputStride) {
            double numeric = slope(net, input, i, params, input, batch, labels, targets, training, seed);
            worst = Math.max(worst, compare(spec + " input " + i, g.input()[i], numeric));
        }
        return worst;
    }

    private static double slope(ReferenceNetwork net, double[] moved, int i, double[] params, double[] input, int batch,
                                int[] labels, double[] targets, boolean training, long seed) {
        double saved = moved[i];
        moved[i] = saved + EPS;
        double plus = loss(net, params, input, batch, labels, targets, training, seed);
        moved[i] = saved - EPS;
        double minus = loss(net, params, input, batch, labels, targets, training, seed);
        moved[i] = saved;
        return (plus - minus) / (2 * EPS);
    }

    /** The loss alone: a forward pass and the loss of its output (no backward pass). */
    private static double loss(ReferenceNetwork net, double[] params, double[] input, int batch, int[] labels,
                               double[] targets, boolean training, long seed) {
        double[][] outputs = net.forward(params, input, batch, training, seed);
        return net.loss(outputs[outputs.length - 1], labels, targets, batch);
    }

    /**
     * Fails when the element is off by more than both tolerances; returns its relative error when
     * the gradient is at least {@code ATOL / RTOL = 1e-3} (where the relative test alone decides), else 0.
     */
    private static double compare(String what, double analytic, double numeric) {
        double diff = Math.abs(analytic - numeric);
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        double relative = scale == 0 ? 0 : diff / scale;
        if (diff > ATOL && diff > RTOL * scale) {
            fail(what + ": analytic " + analytic + " vs numeric " + numeric + " (relative error " + relative + ")");
        }
        return scale >= ATOL / RTOL ? relative : 0;
    }

    private static String name(NetworkSpec spec, int index) {
        for (var p : spec.params()) {
            if (index >= p.offset() && index < p.offset() + p.size()) {
                return p.name() + "[" + (index - p.offset()) + "]";
            }
        }
        return "?";
    }
}
