package dev.kiln.processor.javagen;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.reference.ReferenceNetwork;
import dev.kiln.spec.NetworkSpec;
import java.util.Random;

/**
 * Runs a generated pass and the double-precision reference on the same float-representable
 * parameters, input, labels and targets, and compares every layer's output, the loss, the
 * parameter gradients, the running statistics and the input gradient with {@code |a - r| <= atol + rtol |r|}.
 *
 * <p>{@code rtol} is 1e-4 for values and gradients alike; {@code atol} is 1e-5 times the largest
 * magnitude of the reference array being compared (values) or 1e-4 times it (gradients, which
 * are sums of many products that cancel), so that an element near zero is judged against the
 * scale of its neighbours.
 */
final class Comparison {
    static final double RTOL = 1e-4;
    static final double VALUE_ATOL = 1e-5;
    static final double GRADIENT_ATOL = 1e-4;
    /** Written into the gradient arrays before backward, to check += into parameters and = into the input. */
    static final float GRADIENT_PREFILL = 0.5f;

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
        compare(spec, "parameter gradients", grads, GRADIENT_PREFILL, rg.params(), GRADIENT_ATOL);
        compare(spec, "input gradient", inputGrad, 0, rg.input(), GRADIENT_ATOL);
    }

    /** {@code actual[i] - offset} against {@code expected[i]} for every i of expected. */
    static void compare(NetworkSpec spec, String what, float[] actual, float offset, double[] expected, double atolScale) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double atol = atolScale * Math.max(scale, 1e-3);
        for (int i = 0; i < expected.length; i++) {
            double a = (double) actual[i] - offset;
            double e = expected[i];
            if (!(Math.abs(a - e) <= atol + RTOL * Math.abs(e))) {
                throw new AssertionError(spec + ": " + what + "[" + i + "] is " + a + " but the reference has " + e
                        + " (atol " + atol + ", rtol " + RTOL + ")");
            }
        }
    }
}
