package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The differential comparison judges each parameter tensor on its own scale: a bias whose
 * gradients are around 7e-7, next to weight gradients around 0.1, may not come back as zeros.
 */
class ComparisonTest {
    /** d.weight (2, 4) at 0..7, d.bias (2) at 8..9. */
    private static final NetworkSpec SPEC = NetworkSpec.builder("t.Small", 1, 2, 2, Loss.MEAN_SQUARED_ERROR)
            .flatten("flat")
            .dense("d", 2, true, Activation.NONE, Init.DEFAULT)
            .build();
    private static final double[] EXPECTED = {0.1, -0.2, 0.15, 0.05, -0.12, 0.3, 0.08, -0.01, 7e-7, -6.5e-7};

    private static float[] computed(boolean zeroBias) {
        float[] grads = new float[EXPECTED.length];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = Comparison.GRADIENT_PREFILL + (float) EXPECTED[i];
        }
        if (zeroBias) {
            grads[8] = Comparison.GRADIENT_PREFILL;
            grads[9] = Comparison.GRADIENT_PREFILL;
        }
        return grads;
    }

    @Test
    void theRightGradientsPass() {
        Comparison.compareParameterGradients(SPEC, computed(false), Comparison.GRADIENT_PREFILL, EXPECTED);
    }

    @Test
    void aSmallBiasGradientComingBackAsZerosFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Comparison.compareParameterGradients(SPEC, computed(true), Comparison.GRADIENT_PREFILL, EXPECTED));
        assertTrue(e.getMessage().contains("d.bias gradient[0]"), e.getMessage());
    }
}
