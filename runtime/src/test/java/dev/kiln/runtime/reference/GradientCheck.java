package dev.kiln.runtime.reference;

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
 */
final class GradientCheck {
    static final double EPS = 1e-6;
    static final double RTOL = 1e-6;
    static final double ATOL = 1e-9;

    private GradientCheck() {
    }

    /** Random parameters, inputs and labels/targets from {@code seed}, then the check of both gradients. */
    static double check(NetworkSpec spec, int batch, long seed, boolean training) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] params = new double[spec.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = random.nextDouble(-0.8, 0.8);
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
        return check(spec, params, input, batch, labels, targets, training, seed);
    }

    /** Checks every parameter and input gradient; returns the largest relative error seen. */
    static double check(NetworkSpec spec, double[] params, double[] input, int batch, int[] labels, double[] targets,
                        boolean training, long seed) {
        ReferenceNetwork net = new ReferenceNetwork(spec);
        ReferenceNetwork.Gradients g = net.gradients(params, input, batch, labels, targets, training, seed);
        double worst = 0;
        for (int i = 0; i < params.length; i++) {
            double numeric = slope(net, params, i, params, input, batch, labels, targets, training, seed);
            worst = Math.max(worst, compare(spec + " parameter " + i + " " + name(spec, i), g.params()[i], numeric));
        }
        for (int i = 0; i < input.length; i++) {
            double numeric = slope(net, input, i, params, input, batch, labels, targets, training, seed);
            worst = Math.max(worst, compare(spec + " input " + i, g.input()[i], numeric));
        }
        return worst;
    }

    private static double slope(ReferenceNetwork net, double[] moved, int i, double[] params, double[] input, int batch,
                                int[] labels, double[] targets, boolean training, long seed) {
        double saved = moved[i];
        moved[i] = saved + EPS;
        double plus = net.gradients(params, input, batch, labels, targets, training, seed).loss();
        moved[i] = saved - EPS;
        double minus = net.gradients(params, input, batch, labels, targets, training, seed).loss();
        moved[i] = saved;
        return (plus - minus) / (2 * EPS);
    }

    private static double compare(String what, double analytic, double numeric) {
        double diff = Math.abs(analytic - numeric);
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        double relative = scale == 0 ? 0 : diff / scale;
        if (diff > ATOL && diff > RTOL * scale) {
            fail(what + ": analytic " + analytic + " vs numeric " + numeric + " (relative error " + relative + ")");
        }
        return diff > ATOL ? relative : 0;
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
