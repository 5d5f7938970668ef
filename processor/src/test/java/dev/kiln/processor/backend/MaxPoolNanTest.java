package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Required;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.opencl.OpenClProbe;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Max pooling's NaN rule (issue 7) and {@link Backend#trainStep}'s rule for a non-finite loss
 * (issue 16), on both backends.
 *
 * <p>Inputs must be finite, so the NaN is made inside the network: a 1x1 conv scales a pixel of
 * 3e38 by 10 to +inf, and a 1x2 conv with weights {0, 1} multiplies that infinity by 0, which is NaN
 * with or without fused multiply-add. A 2x2 max pool (stride 1) over the (1, 4, 3) result then has
 * NaN exactly in the windows that hold it (PyTorch's rule), and its argmax, which routes the
 * gradient in backward, is the last NaN of the window, a position inside the input.
 *
 * <p>The loss of such an output is NaN, so by the trainStep rule backward and the update must not
 * run: the parameters and the optimiser state stay bit for bit what they were. The gradient routing
 * itself is therefore checked where backward can see a NaN: the Java pass called directly (its
 * input gradient) and the OpenCL argmax buffer that the pool's backward kernel reads.
 */
class MaxPoolNanTest {
    private static final float BIG = 3e38f;
    // scale = 10 x; c(row, col) = 0 * scale(row, col) + 1 * scale(row, col + 1)
    private static final float[] INPUT = {
        BIG, 0, 0, 0,   // scale: inf, 0, 0, 0     c: NaN, 0, 0
        BIG, 1, 2, 3,   // scale: inf, 10, 20, 30  c: NaN, 20, 30
        0, 0, 0, 0,     // scale: 0, 0, 0, 0       c: 0, 0, 0
        0, 4, 0, 0,     // scale: 0, 40, 0, 0      c: 40, 0, 0
    };
    private static final float[] WEIGHTS = {10, 0, 1}; // scale.weight (1, 1, 1, 1), c.weight (1, 1, 1, 2)
    // 2x2 windows over c: {NaN, 0, NaN, 20}, {0, 0, 20, 30}, {NaN, 20, 0, 0}, {20, 30, 0, 0}, {0, 0, 40, 0}, {0, 0, 0, 0}
    private static final float[] EXPECTED = {Float.NaN, 30, Float.NaN, 30, 40, 0};
    // the argmax as a position in c's 4x3 plane: the last NaN (row 1, column 0 = 3) wins the first window, not the first NaN (0)
    private static final int[] EXPECTED_ARGMAX = {3, 5, 3, 5, 9, 7};
    /** Finite inputs for the steps around the NaN step. */
    private static final float[] FINITE_A = {0.5f, -1, 0.25f, 2, 1, 0, -0.5f, 0.75f, 0, 1.5f, -2, 0.125f, 1, 1, -1, 0.5f};
    private static final float[] FINITE_B = {-0.25f, 1, 0.5f, 0, 2, -1, 0.5f, 0.25f, 1, -1.5f, 0, 0.5f, -1, 0.75f, 1, 0};
    private static final float[] TARGETS = {0.5f, -0.25f, 1, 0, 0.75f, -1};

    @Test
    void theJavaBackendPropagatesNaNThroughThePool() {
        try (Backend java = java(OptimizerConfig.sgd().build())) {
            checkForward(java);
        }
    }

    @Test
    void theOpenClBackendPropagatesNaNThroughThePoolAndRoutesToTheLastNaN() {
        try (Backend cl = openCl(OptimizerConfig.sgd().build())) {
            checkForward(cl);
            // the pool is layer 2; predict's forward leaves its argmax in arg2, which the pool's backward kernel gathers by
            assertArrayEquals(EXPECTED_ARGMAX, OpenClProbe.ints(cl, "arg2", EXPECTED_ARGMAX.length),
                    cl.description() + ": argmax of each pool window (position in c's 4x3 plane)");
        }
    }

    @Test
    void theJavaBackendSkipsBackwardAndTheUpdateOnANonFiniteLoss() {
        checkSkipRule(MaxPoolNanTest::java);
    }

    @Test
    void theOpenClBackendSkipsBackwardAndTheUpdateOnANonFiniteLoss() {
        checkSkipRule(MaxPoolNanTest::openCl);
    }

    /**
     * The Java pass, called directly (no input checks, no trainStep rule), routes each window's
     * gradient to its argmax: a NaN window's to its last NaN, a finite window's to its maximum.
     * A 2x2 pool with stride 1 over a (1, 3, 4) input:
     * <pre>
     *   NaN 9 2 7      windows: {NaN,9,NaN,5} -> NaN at (1,0)   {9,2,5,3} -> 9 at (0,1)   {2,7,3,6} -> 7 at (0,3)
     *   NaN 5 3 6               {NaN,5,4,0} -> NaN at (1,0)   {5,3,0,8} -> 8 at (2,2)   {3,6,8,1} -> 8 at (2,2)
     *   4   0 8 1
     * </pre>
     * With targets 0, mean squared error's gradient is proportional to the output: the input
     * gradient is NaN at (1,0) only, proportional to 9, 7 and 8 + 8 at (0,1), (0,3) and (2,2), and
     * exactly 0 elsewhere, including at (0,0), the first NaN of the first window.
     */
    @Test
    void theJavaPassRoutesTheGradientOfANaNWindowToItsLastNaN() {
        float nan = Float.NaN;
        float[] input = {nan, 9, 2, 7, nan, 5, 3, 6, 4, 0, 8, 1};
        JavaPass pass = Specs.model("NanRoute").newJavaPass();
        pass.plan(1);
        pass.forward(new float[0], input, 1, true, 0);
        double loss = pass.loss(null, new float[6], 1);
        assertTrue(Double.isNaN(loss), "the loss of a NaN output is NaN, was " + loss);
        float[] inputGrad = new float[12];
        pass.backward(new float[0], new float[0], inputGrad, 1);
        float unit = inputGrad[1] / 9;
        assertTrue(unit > 0 && Float.isFinite(unit), "the gradient at (0,1) is 9 units, was " + inputGrad[1]);
        float[] expected = {0, 9 * unit, 0, 7 * unit, nan, 0, 0, 0, 0, 0, 16 * unit, 0};
        for (int i = 0; i < expected.length; i++) {
            String at = "input gradient at (" + i / 4 + "," + i % 4 + ")";
            if (Float.isNaN(expected[i])) {
                assertTrue(Float.isNaN(inputGrad[i]), at + " should be NaN (the last NaN of its windows), was " + inputGrad[i]);
            } else {
                assertEquals(expected[i], inputGrad[i], 1e-6f * Math.abs(expected[i]), at);
            }
        }
    }

    private static Backend java(OptimizerConfig optimizer) {
        return new JavaBackend(Specs.model("NanPool"), optimizer);
    }

    private static Backend openCl(OptimizerConfig optimizer) {
        Required.openCl();
        KilnModel model = Specs.model("NanPool");
        return OpenClBackend.open(model.spec(), model.openCl(), -1, optimizer);
    }

    private static void checkForward(Backend b) {
        b.plan(1);
        b.setParameters(WEIGHTS);
        float[] out = new float[6];
        b.predict(INPUT, 1, out);
        for (int i = 0; i < out.length; i++) {
            if (Float.isNaN(EXPECTED[i])) {
                assertTrue(Float.isNaN(out[i]), b.description() + ": pool output " + i + " should be NaN, was " + out[i]);
            } else {
                assertEquals(EXPECTED[i], out[i], 0f, b.description() + ": pool output " + i);
            }
        }
    }

    /**
     * A finite step, a non-finite step and a finite step must end exactly where the two finite steps
     * alone end: the non-finite step changes no parameter and no optimiser state (SGD's momentum,
     * Adam's moments and its step count, which sets the bias correction of the next step).
     */
    private static void checkSkipRule(Function<OptimizerConfig, Backend> open) {
        for (OptimizerConfig optimizer : new OptimizerConfig[] {OptimizerConfig.sgd().momentum(0.9).build(), OptimizerConfig.adam().build()}) {
            float[] withNaN = new float[WEIGHTS.length];
            float[] without = new float[WEIGHTS.length];
            String what;
            try (Backend b = open.apply(optimizer)) {
                what = b.description() + ", " + optimizer.kind();
                b.plan(1);
                b.setParameters(WEIGHTS);
                assertTrue(Double.isFinite(b.trainStep(FINITE_A, null, TARGETS, 1, 0.01, 1, null)), what);
                float[] before = new float[WEIGHTS.length];
                b.getParameters(before);
                float[] outputs = new float[6];
                // after one step c.weight[0] is no longer exactly 0, so the infinity reaches the loss as +-inf or NaN
                double loss = b.trainStep(INPUT, null, TARGETS, 1, 0.01, 2, outputs);
                assertFalse(Double.isFinite(loss), what + ": the step reports the non-finite loss, was " + loss);
                assertFalse(Float.isFinite(outputs[0]), what + ": the non-finite step still writes its outputs, output 0 was " + outputs[0]);
                float[] after = new float[WEIGHTS.length];
                b.getParameters(after);
                assertArrayEquals(before, after, what + ": a step with a NaN loss must not change the parameters");
                assertTrue(Double.isFinite(b.trainStep(FINITE_B, null, TARGETS, 1, 0.01, 3, null)), what);
                b.getParameters(withNaN);
            }
            try (Backend b = open.apply(optimizer)) {
                b.plan(1);
                b.setParameters(WEIGHTS);
                b.trainStep(FINITE_A, null, TARGETS, 1, 0.01, 1, null);
                b.trainStep(FINITE_B, null, TARGETS, 1, 0.01, 3, null);
                b.getParameters(without);
            }
            assertFalse(java.util.Arrays.equals(WEIGHTS, without), what + ": the finite steps move the parameters");
            assertArrayEquals(without, withNaN, what + ": the step after a NaN step must find the optimiser state of the last finite step");
        }
    }
}
