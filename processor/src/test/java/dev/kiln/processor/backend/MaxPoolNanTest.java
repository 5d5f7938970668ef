package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's NaN rule for max pooling, identical on both backends. Inputs must be finite, so the NaN
 * is made inside the network: a 1x1 conv scales a pixel of 3e38 by 10 to +inf, and a 1x2 conv with
 * weights {0, 1} multiplies that infinity by 0, which is NaN with or without fused multiply-add. A
 * 2x2 max pool (stride 1) over the (1, 4, 3) result then has NaN exactly in the window that holds
 * it (PyTorch's rule), and backward must route the gradient to a real position.
 */
class MaxPoolNanTest {
    private static final float BIG = 3e38f;
    // scale = 10 x; c(row, col) = 0 * scale(row, col) + 1 * scale(row, col + 1)
    private static final float[] INPUT = {
        BIG, 0, 0, 0,   // scale: inf, 0, 0, 0     c: NaN, 0, 0
        0, 1, 2, 3,     // scale: 0, 10, 20, 30    c: 10, 20, 30
        0, 0, 0, 0,     // scale: 0, 0, 0, 0       c: 0, 0, 0
        0, 4, 0, 0,     // scale: 0, 40, 0, 0      c: 40, 0, 0
    };
    private static final float[] WEIGHTS = {10, 0, 1}; // scale.weight (1, 1, 1, 1), c.weight (1, 1, 1, 2)
    // 2x2 windows over c: {NaN, 0, 10, 20}, {0, 0, 20, 30}, {10, 20, 0, 0}, {20, 30, 0, 0}, {0, 0, 40, 0}, {0, 0, 0, 0}
    private static final float[] EXPECTED = {Float.NaN, 30, 20, 30, 40, 0};

    @Test
    void theJavaBackendFollowsTheRule() {
        try (JavaBackend java = new JavaBackend(Specs.model("NanPool"), OptimizerConfig.sgd(0, false, 0))) {
            check(java);
        }
    }

    @Test
    void theOpenClBackendFollowsTheSameRule() {
        if (!OpenClBackend.platformAvailable()) {
            assertFalse("true".equals(System.getenv("CI")), "CI=true but no OpenCL platform: run scripts/setup.sh (PoCL)");
            assumeTrue(false, "no OpenCL platform on this machine; skipping the OpenCL half");
        }
        KilnModel model = Specs.model("NanPool");
        try (Backend cl = OpenClBackend.open(model.spec(), model.openCl(), -1, OptimizerConfig.sgd(0, false, 0))) {
            check(cl);
        }
    }

    private static void check(Backend b) {
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
        // backward through the NaN window: the step completes (argmax in range) and reports a NaN loss
        double loss = b.trainStep(INPUT, null, new float[6], 1, 0.0, 1, null);
        assertTrue(Double.isNaN(loss), b.description() + ": the loss of a NaN output is NaN, was " + loss);
    }
}
