package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The OpenCL parity judges each parameter tensor on its own scale (no device needed: the comparison alone). */
class ParityToleranceTest {
    /** d.weight (2, 4) at 0..7, d.bias (2) at 8..9. */
    private static final NetworkSpec SPEC = NetworkSpec.builder("t.Small", 1, 2, 2, Loss.MEAN_SQUARED_ERROR)
            .flatten("flat")
            .dense("d", 2, true, Activation.NONE, Init.DEFAULT)
            .build();
    private static final double[] EXPECTED = {0.1, -0.2, 0.15, 0.05, -0.12, 0.3, 0.08, -0.01, 7e-7, -6.5e-7};

    private static float[] floats(boolean zeroBias) {
        float[] a = new float[EXPECTED.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) EXPECTED[i];
        }
        if (zeroBias) {
            a[8] = 0;
            a[9] = 0;
        }
        return a;
    }

    @Test
    void theRightGradientsPass() {
        Parity.compareTensors(SPEC, "gradient", floats(false), EXPECTED);
    }

    @Test
    void aSmallBiasGradientComingBackAsZerosFails() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Parity.compareTensors(SPEC, "gradient", floats(true), EXPECTED));
        assertTrue(e.getMessage().contains("d.bias gradient[0]"), e.getMessage());
    }
}
