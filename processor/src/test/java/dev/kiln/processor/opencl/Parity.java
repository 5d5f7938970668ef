package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.dsl.Loss;
import dev.kiln.opencl.OpenClProgram;
import dev.kiln.reference.ErrorBound;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.Random;

/**
 * Runs one network on OpenCL and on the double-precision reference and compares element by element
 * with the reference's per-element error bound ({@link ErrorBound}: {@code |opencl - ref| <= C eps
 * scale + tiny}, the scale computed by the reference next to each value): every layer's inference
 * output, the training step's output (dropout on), the running statistics it updates, each
 * parameter tensor's gradient, and each parameter tensor after one plain SGD step with learning
 * rate 1 (p - grad, whose float rounding, one ulp, is allowed on top). The loss is compared with
 * {@code RTOL |ref| + ATOL}; the optimiser parity, whose expected values are float updates, uses
 * {@link #compareEachTensor} (each tensor's largest magnitude scaling {@code ATOL}).
 */
final class Parity {
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    private Parity() {
    }

    static void check(NetworkSpec spec, long seed, int batch) {
        check(spec, GeneratedPrograms.load(spec), seed, batch);
    }

    /** A generated model as it ships: its own spec and its own generated program (the samples). */
    static void check(dev.kiln.runtime.KilnModel model, long seed, int batch) {
        check(model.spec(), model.openCl(), seed, batch);
    }

    static void check(NetworkSpec spec, OpenClProgram program, long seed, int batch) {
        Random r = new Random(seed);
        float[] params = Initializers.initialize(spec, seed);
        for (int i = 0; i < params.length; i++) {
            params[i] += (float) (0.05 * r.nextGaussian()); // non-zero biases, so the bias paths count
        }
        float[] input = new float[batch * spec.input().intSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (2 * r.nextDouble() - 1);
        }
        int outSize = spec.output().intSize();
        int[] labels = new int[batch];
        float[] targets = new float[batch * outSize];
        for (int n = 0; n < batch; n++) {
            labels[n] = r.nextInt(Math.max(1, outSize));
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = spec.loss() == Loss.BINARY_CROSS_ENTROPY ? r.nextInt(2) : (float) r.nextDouble();
        }
        long dropoutSeed = r.nextLong();
        ReferenceNetwork ref = new ReferenceNetwork(spec);
        double[] p64 = toDouble(params);
        double[] in64 = toDouble(input);
        double[] t64 = spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? null : toDouble(targets);
        ReferenceNetwork.ScaledOutputs inference = ref.forwardWithScales(p64, ref.initialState(), in64, batch, false, 0);
        ReferenceNetwork.Gradients g = ref.gradientsWithScales(p64, ref.initialState(), in64, batch, labels, t64, true,
                dropoutSeed);
        ReferenceNetwork.Scales scales = g.scales();
        int last = spec.layers().size() - 1;

        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(spec, program, -1, OptimizerConfig.sgd().build())) {
            b.plan(batch);
            b.setParameters(params);
            for (int l = 0; l < spec.layers().size(); l++) {
                float[] out = new float[batch * spec.layers().get(l).output().intSize()];
                b.layerOutput(l, input, batch, out);
                compareBounded(spec, "inference output of " + spec.layers().get(l).name(), out, inference.outputs()[l],
                        inference.scales()[l], 0, out.length, false);
            }
            // predict runs the inference rewrite (batch norms folded, here with running statistics away from 0 and 1),
            // whose rounding differs from the graph's
            float[] statistics = randomStatistics(spec, r);
            double[] expectedPredict = ref.forward(p64, toDouble(statistics), in64, batch, false, 0)[last];
            b.setState(statistics);
            float[] predicted = new float[batch * outSize];
            b.predict(input, batch, predicted);
            b.setState(spec.initialState());
            double largest = 0;
            for (double v : expectedPredict) {
                largest = Math.max(largest, Math.abs(v));
            }
            for (int i = 0; i < predicted.length; i++) {
                assertTrue(Math.abs(predicted[i] - expectedPredict[i]) <= 1e-4 * largest + 1e-5, spec + ": predict output " + i
                        + " is " + predicted[i] + ", the reference's " + expectedPredict[i]);
            }
            float[] trainOut = new float[batch * outSize];
            double loss = b.trainStep(input, labels, targets, batch, 0, dropoutSeed, trainOut);
            assertEquals(g.loss(), loss, RTOL * Math.abs(g.loss()) + ATOL, spec + ": training loss");
            compareBounded(spec, "training output", trainOut, g.outputs()[last], scales.outputs()[last], 0, trainOut.length,
                    false);
            float[] state = new float[spec.stateCount()];
            b.getState(state);
            compareBounded(spec, "running statistics after a training step", state, g.state(), scales.state(), 0,
                    state.length, false);
            float[] grads = new float[spec.parameterCount()];
            b.readGradients(grads);
            compareTensors(spec, "gradient", grads, g.params(), scales.params(), false);
            b.trainStep(input, labels, targets, batch, 1, dropoutSeed, null);
            float[] updated = new float[spec.parameterCount()];
            b.getParameters(updated);
            double[] expected = new double[params.length];
            for (int i = 0; i < params.length; i++) {
                expected[i] = params[i] - g.params()[i];
            }
            compareTensors(spec, "after one SGD step with lr 1", updated, expected, scales.params(), true);
        }
    }

    /** Running means in +-0.5 and variances in [0.2, 3]; num_batches_tracked left alone. */
    static float[] randomStatistics(NetworkSpec spec, Random r) {
        float[] state = spec.initialState();
        for (ParamSpec s : spec.state()) {
            for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                if (s.name().endsWith(".running_mean")) {
                    state[i] = (float) (r.nextDouble() - 0.5);
                } else if (s.name().endsWith(".running_var")) {
                    state[i] = (float) (0.2 + 2.8 * r.nextDouble());
                }
            }
        }
        return state;
    }

    /**
     * Float results against float expectations (the optimiser parity: {@link dev.kiln.runtime.optim.Optimizer}'s
     * update on floats), each tensor of {@code tensors} on its own scale: {@code |a - e| <= RTOL |e| + ATOL
     * max|e in the tensor|}, so a small tensor's error cannot hide under the largest tensor's (issue 27 item 3).
     */
    static void compareEachTensor(NetworkSpec spec, String what, float[] actual, double[] expected,
                                  java.util.List<dev.kiln.spec.ParamSpec> tensors) {
        int covered = 0;
        for (dev.kiln.spec.ParamSpec p : tensors) {
            double scale = 0;
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
            }
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                double e = expected[i];
                double a = actual[i];
                if (!(Math.abs(a - e) <= RTOL * Math.abs(e) + ATOL * scale) && !(Double.isNaN(e) && Double.isNaN(a))) {
                    fail(spec + ": " + p.name() + " " + what + "[" + (i - p.offset()) + "] is " + a + " on OpenCL but " + e
                            + " expected (rtol " + RTOL + ", atol " + ATOL + " x " + scale + ", the tensor's largest)");
                }
            }
            covered += p.size();
        }
        if (covered != expected.length) {
            fail(spec + ": " + what + ": the tensors cover " + covered + " of " + expected.length + " values");
        }
    }

    /** Each parameter tensor on its own ({@link #compareBounded}), the tensor named in the message. */
    static void compareTensors(NetworkSpec spec, String what, float[] actual, double[] expected, double[] scales,
                               boolean rounded) {
        for (dev.kiln.spec.ParamSpec p : spec.params()) {
            compareBounded(spec, p.name() + " " + what, actual, expected, scales, p.offset(), p.size(), rounded);
        }
    }

    /**
     * Elements {@code from .. from + count}, each within its error bound; {@code rounded} allows
     * one more float ulp of the expected value (a float result rounded once more, p - grad).
     */
    static void compareBounded(NetworkSpec spec, String what, float[] actual, double[] expected, double[] scales, int from,
                               int count, boolean rounded) {
        for (int i = from; i < from + count; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) {
                continue;
            }
            double allowed = ErrorBound.allowed(scales[i]) + (rounded ? Math.ulp((float) e) : 0);
            if (!(Math.abs(a - e) <= allowed)) {
                fail(spec + ": " + what + "[" + (i - from) + "] is " + a + " on OpenCL but " + e + " in the reference (error scale "
                        + scales[i] + " eps: allowed " + allowed + ")");
            }
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
