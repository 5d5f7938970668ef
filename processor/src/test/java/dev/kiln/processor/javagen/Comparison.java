package dev.kiln.processor.javagen;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.reference.ReferenceNetwork;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.Random;

/**
 * Runs a generated pass and the double-precision reference on the same float-representable
 * parameters, input, labels and targets, and compares every layer's output, the loss, the
 * parameter gradients, the running statistics and the input gradient with {@code |a - r| <= atol + rtol |r|}.
 *
 * <p>{@code rtol} is 1e-4 for values and gradients alike; {@code atol} is 1e-5 times the largest
 * magnitude of the reference tensor being compared (values: each layer's output) or 1e-4 times it
 * (gradients, which are sums of many products that cancel: each parameter tensor on its own, and
 * the input gradient), so that an element near zero is judged against the scale of its own
 * tensor's neighbours, not against the largest gradient of the network. A parameter tensor's
 * scale has a floor of 1e-2 of the whole vector's: a tensor whose true gradient is zero (a bias
 * before batch normalisation) comes out of float sums that cancel at the other gradients' scale,
 * and such a tensor ({@link ZeroGradientTensors}) is judged on the whole vector's scale. Gradients
 * are added onto a prefill of 2^-10 (to check {@code +=}); its
 * rounding, one float ulp of the sum, is allowed on top.
 */
final class Comparison {
    static final double RTOL = 1e-4;
    static final double VALUE_ATOL = 1e-5;
    static final double GRADIENT_ATOL = 1e-4;
    /** Written into the gradient arrays before backward, to check += into parameters and = into the input. */
    static final float GRADIENT_PREFILL = 0x1p-10f;

    private Comparison() {
    }

    /** Random data for one step of {@code spec}. */
    record Step(float[] params, float[] input, int[] labels, float[] targets, int batch) {
        static Step random(NetworkSpec spec, int batch, Random r) {
            // uniform in +-1.5/sqrt(fanIn), biases included: activations stay O(1) however wide the layer
            float[] params = new float[spec.parameterCount()];
            for (dev.kiln.spec.ParamSpec p : spec.params()) {
                double a = 1.5 / Math.sqrt(p.fanIn());
                for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                    params[i] = (float) ((r.nextDouble() * 2 - 1) * a);
                }
            }
            float[] input = new float[batch * spec.input().intSize()];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) (r.nextDouble() * 2 - 1);
            }
            int size = spec.output().intSize();
            int[] labels = null;
            float[] targets = null;
            if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
                labels = new int[batch];
                for (int n = 0; n < batch; n++) {
                    labels[n] = r.nextInt(size);
                }
            } else {
                targets = new float[batch * size];
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = spec.loss() == Loss.BINARY_CROSS_ENTROPY ? r.nextInt(2) : (float) (r.nextDouble() * 2 - 1);
                }
            }
            return new Step(params, input, labels, targets, batch);
        }
    }

    static double[] widen(float[] a) {
        if (a == null) {
            return null;
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Compares one training (or inference) step; throws an AssertionError naming the first mismatch. */
    static void check(JavaPass pass, NetworkSpec spec, Step s, boolean training, long seed) {
        ReferenceNetwork ref = new ReferenceNetwork(spec);
        // the reference starts from the pass's running statistics, which earlier steps moved
        ReferenceNetwork.Gradients rg = ref.gradients(widen(s.params()), widen(pass.state()), widen(s.input()), s.batch(),
                s.labels(), widen(s.targets()), training, seed);
        pass.forward(s.params(), s.input(), s.batch(), training, seed);
        compare(spec, "running statistics", pass.state(), 0, rg.state(), VALUE_ATOL);
        for (int i = 0; i < spec.layers().size(); i++) {
            compare(spec, "output of " + spec.layers().get(i).name(), pass.layerOutput(i), 0, rg.outputs()[i], VALUE_ATOL);
        }
        double loss = pass.loss(s.labels(), s.targets(), s.batch());
        double lossTol = VALUE_ATOL + RTOL * Math.abs(rg.loss());
        if (!(Math.abs(loss - rg.loss()) <= lossTol)) {
            throw new AssertionError(spec + ": loss " + loss + " but the reference has " + rg.loss());
        }
        float[] grads = new float[spec.parameterCount()];
        java.util.Arrays.fill(grads, GRADIENT_PREFILL);
        float[] inputGrad = new float[s.input().length];
        java.util.Arrays.fill(inputGrad, 7f);
        pass.backward(s.params(), grads, inputGrad, s.batch());
        compareParameterGradients(spec, grads, GRADIENT_PREFILL, rg.params());
        compare(spec, "input gradient", inputGrad, 0, rg.input(), 0, rg.input().length,
                GRADIENT_ATOL * Math.max(largest(rg.input(), 0, rg.input().length), 1e-3));
    }

    /** Each parameter tensor's gradient ({@code grads[i] - offset}) on its own scale, as the class comment says. */
    static void compareParameterGradients(NetworkSpec spec, float[] grads, float offset, double[] expected) {
        double vectorScale = largest(expected, 0, expected.length);
        for (ParamSpec p : spec.params()) {
            double tensorScale = ZeroGradientTensors.isZeroInExactArithmetic(spec, p) ? vectorScale
                    : Math.max(largest(expected, p.offset(), p.size()), 1e-2 * vectorScale);
            compare(spec, p.name() + " gradient", grads, offset, expected, p.offset(), p.size(), GRADIENT_ATOL * tensorScale);
        }
    }

    /** {@code actual[i] - offset} against {@code expected[i]} for every i of expected, atol from its largest magnitude. */
    static void compare(NetworkSpec spec, String what, float[] actual, float offset, double[] expected, double atolScale) {
        compare(spec, what, actual, offset, expected, 0, expected.length,
                atolScale * Math.max(largest(expected, 0, expected.length), 1e-3));
    }

    /** Elements {@code from .. from + count} of {@code actual} (minus {@code offset}, whose rounding is allowed) against {@code expected}. */
    private static void compare(NetworkSpec spec, String what, float[] actual, float offset, double[] expected, int from,
                                int count, double atol) {
        for (int i = from; i < from + count; i++) {
            double a = (double) actual[i] - offset;
            double e = expected[i];
            double rounding = offset == 0 ? 0 : Math.ulp((float) (offset + e));
            if (!(Math.abs(a - e) <= atol + RTOL * Math.abs(e) + rounding)) {
                throw new AssertionError(spec + ": " + what + "[" + (i - from) + "] is " + a + " but the reference has " + e
                        + " (atol " + atol + ", rtol " + RTOL + ")");
            }
        }
    }

    private static double largest(double[] a, int from, int count) {
        double m = 0;
        for (int i = from; i < from + count; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }
}
