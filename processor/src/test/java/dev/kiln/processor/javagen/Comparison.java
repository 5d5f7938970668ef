package dev.kiln.processor.javagen;

import dev.kiln.dsl.Loss;
import dev.kiln.reference.ErrorBound;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.Random;

/**
 * Runs a generated pass and the double-precision reference on the same float-representable
 * parameters, input, labels and targets, and compares every layer's output, the running
 * statistics, each parameter tensor's gradient and the input gradient element by element with
 * the reference's per-element error bound ({@link ErrorBound}: {@code |a - r| <= C eps scale + tiny},
 * the scale computed by the reference next to each value), and the loss with {@code atol + rtol |r|}.
 *
 * <p>Gradients are added onto a prefill of 2^-10 (to check {@code +=} into parameter gradients);
 * adding onto it rounds at its magnitude once per addition, which is allowed on top: one float
 * ulp of the sum per image of the batch.
 */
final class Comparison {
    /** The loss's tolerance, {@code LOSS_ATOL + RTOL |loss|}. */
    static final double RTOL = 1e-4;
    static final double LOSS_ATOL = 1e-5;
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
        ReferenceNetwork.Gradients rg = ref.gradientsWithScales(widen(s.params()), widen(pass.state()), widen(s.input()),
                s.batch(), s.labels(), widen(s.targets()), training, seed);
        ReferenceNetwork.Scales scales = rg.scales();
        pass.forward(s.params(), s.input(), s.batch(), training, seed);
        compare(spec, "running statistics", pass.state(), 0, 0, rg.state(), scales.state(), 0, rg.state().length);
        for (int i = 0; i < spec.layers().size(); i++) {
            compare(spec, "output of " + spec.layers().get(i).name(), pass.layerOutput(i), 0, 0, rg.outputs()[i],
                    scales.outputs()[i], 0, rg.outputs()[i].length);
        }
        double loss = pass.loss(s.labels(), s.targets(), s.batch());
        double lossTol = LOSS_ATOL + RTOL * Math.abs(rg.loss());
        if (!(Math.abs(loss - rg.loss()) <= lossTol)) {
            throw new AssertionError(spec + ": loss " + loss + " but the reference has " + rg.loss());
        }
        float[] grads = new float[spec.parameterCount()];
        java.util.Arrays.fill(grads, GRADIENT_PREFILL);
        float[] inputGrad = new float[s.input().length];
        java.util.Arrays.fill(inputGrad, 7f);
        pass.backward(s.params(), grads, inputGrad, s.batch());
        compareParameterGradients(spec, grads, GRADIENT_PREFILL, s.batch(), rg.params(), scales.params());
        compare(spec, "input gradient", inputGrad, 0, 0, rg.input(), scales.input(), 0, rg.input().length);
    }

    /** Each parameter tensor's gradient ({@code grads[i] - offset}, added onto by {@code batch} images), named in the message. */
    static void compareParameterGradients(NetworkSpec spec, float[] grads, float offset, int batch, double[] expected,
                                          double[] scales) {
        for (ParamSpec p : spec.params()) {
            compare(spec, p.name() + " gradient", grads, offset, batch, expected, scales, p.offset(), p.size());
        }
    }

    /**
     * Elements {@code from .. from + count} of {@code actual} (minus {@code offset}, whose rounding
     * is allowed {@code additions} times) against {@code expected}, each within its error bound.
     */
    static void compare(NetworkSpec spec, String what, float[] actual, float offset, int additions, double[] expected,
                        double[] scales, int from, int count) {
        for (int i = from; i < from + count; i++) {
            double a = (double) actual[i] - offset;
            double e = expected[i];
            double rounding = offset == 0 ? 0 : additions * Math.ulp((float) (offset + e));
            double allowed = ErrorBound.allowed(scales[i]) + rounding;
            if (!(Math.abs(a - e) <= allowed) && !(Double.isNaN(a) && Double.isNaN(e))) {
                throw new AssertionError(spec + ": " + what + "[" + (i - from) + "] is " + a + " but the reference has " + e
                        + " (error scale " + scales[i] + " eps: allowed " + allowed + ")");
            }
        }
    }
}
