package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The differential comparison holds each element to its own error bound: a bias gradient of
 * about 7e-7 (summed from terms of that size), next to weight gradients about 0.1, may not come
 * back as zero. The old rule (atol 1e-4 times the largest gradient of the vector) let it.
 */
class ComparisonTest {
    private static final NetworkSpec SPEC = ComparisonFixture.SPEC;
    private static final int SMALL_BIAS = ComparisonFixture.SMALL_BIAS;
    private static final int BATCH = ComparisonFixture.BATCH;

    private static ReferenceNetwork.Gradients reference() {
        return ComparisonFixture.reference();
    }

    /** What a correct float pass writes: the prefill plus each gradient rounded to float. */
    static float[] computed(double[] expected) {
        float[] grads = new float[expected.length];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = Comparison.GRADIENT_PREFILL + (float) expected[i];
        }
        return grads;
    }

    @Test
    void theRightGradientsPass() {
        ReferenceNetwork.Gradients g = reference();
        Comparison.compareParameterGradients(SPEC, computed(g.params()), Comparison.GRADIENT_PREFILL, BATCH, g.params(),
                g.scales().params());
    }

    @Test
    void aSmallBiasGradientComingBackAsZeroFails() {
        ReferenceNetwork.Gradients g = reference();
        float[] grads = computed(g.params());
        grads[SMALL_BIAS] = Comparison.GRADIENT_PREFILL;
        AssertionError e = assertThrows(AssertionError.class, () -> Comparison.compareParameterGradients(SPEC, grads,
                Comparison.GRADIENT_PREFILL, BATCH, g.params(), g.scales().params()));
        assertTrue(e.getMessage().contains("d.bias gradient[2]"), e.getMessage());
        System.out.println("ComparisonTest: " + e.getMessage());
    }

    @Test
    void oneWeightGradientOffByAPartInAThousandFails() {
        ReferenceNetwork.Gradients g = reference();
        float[] grads = computed(g.params());
        grads[5] = Comparison.GRADIENT_PREFILL + (float) (g.params()[5] * 1.001);
        AssertionError e = assertThrows(AssertionError.class, () -> Comparison.compareParameterGradients(SPEC, grads,
                Comparison.GRADIENT_PREFILL, BATCH, g.params(), g.scales().params()));
        assertTrue(e.getMessage().contains("d.weight gradient[5]"), e.getMessage());
    }
}
