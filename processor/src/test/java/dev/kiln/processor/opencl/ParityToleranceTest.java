package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.processor.javagen.ComparisonFixture;
import dev.kiln.reference.ReferenceNetwork;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The OpenCL parity holds each element to its own error bound (no device needed: the comparison
 * alone, on the reference's gradients of {@link ComparisonFixture}): a bias gradient of about
 * 7e-7 returned as zero fails; under the old rule ({@code atol 1e-5 x max(1, largest)}) it passed.
 */
class ParityToleranceTest {
    private static float[] floats(double[] expected) {
        float[] a = new float[expected.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) expected[i];
        }
        return a;
    }

    @Test
    void theRightGradientsPass() {
        ReferenceNetwork.Gradients g = ComparisonFixture.reference();
        Parity.compareTensors(ComparisonFixture.SPEC, "gradient", floats(g.params()), g.params(), g.scales().params(), false);
    }

    @Test
    void aSmallBiasGradientComingBackAsZeroFails() {
        ReferenceNetwork.Gradients g = ComparisonFixture.reference();
        float[] a = floats(g.params());
        a[ComparisonFixture.SMALL_BIAS] = 0;
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Parity.compareTensors(ComparisonFixture.SPEC, "gradient", a, g.params(), g.scales().params(), false));
        assertTrue(e.getMessage().contains("d.bias gradient[2]"), e.getMessage());
        System.out.println("ParityToleranceTest: " + e.getMessage());
    }

    /**
     * Issue 27 item 3: the optimiser parity's comparison of float values judges each tensor on its own scale.
     * An error of 5e-6 in d's bias (gradients of about 1e-6) passed the whole vector's {@code 1e-4 |e| +
     * 1e-5 max(1, largest)}; on d.bias's own scale it fails, named.
     */
    @Test
    void anErrorInASmallTensorFailsOnItsOwnScale() {
        ReferenceNetwork.Gradients g = ComparisonFixture.reference();
        float[] a = floats(g.params());
        a[ComparisonFixture.SMALL_BIAS] += 5e-6f;
        double largest = 0;
        for (double v : g.params()) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) { // the rule this replaces: the whole vector's scale
            assertTrue(Math.abs(a[i] - g.params()[i]) <= Parity.RTOL * Math.abs(g.params()[i]) + Parity.ATOL * Math.max(1, largest),
                    "the old rule passes element " + i);
        }
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Parity.compareEachTensor(ComparisonFixture.SPEC, "values", a, g.params(), ComparisonFixture.SPEC.params()));
        assertTrue(e.getMessage().contains("d.bias values[2]"), e.getMessage());
        Parity.compareEachTensor(ComparisonFixture.SPEC, "values", floats(g.params()), g.params(), ComparisonFixture.SPEC.params());
    }
}
