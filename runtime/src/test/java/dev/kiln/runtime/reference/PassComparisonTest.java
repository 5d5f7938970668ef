package dev.kiln.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rung-4 comparison accepts the reference in float and catches a pass or backend that is off. */
class PassComparisonTest {
    private static final int BATCH = 3;

    private static final NetworkSpec SPEC = NetworkSpec.builder("test.Compared", 2, 8, 8, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 3, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU,
                    Init.DEFAULT)
            .maxPool("s2", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
            .flatten("flat")
            .dense("f1", 10, true, Activation.TANH, Init.DEFAULT)
            .dropout("drop", 0.25)
            .dense("out", 4, true, Activation.NONE, Init.DEFAULT)
            .build();

    private static float[] input() {
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[BATCH * 128];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }

    private static final int[] LABELS = {0, 3, 1};

    private static PassComparison.Report compare(JavaPass pass) {
        return compare(pass, Initializers.initialize(SPEC, 6));
    }

    private static PassComparison.Report compare(JavaPass pass, float[] params) {
        pass.plan(BATCH);
        return PassComparison.compare(SPEC, pass, params, input(), BATCH, LABELS, null, true, 77);
    }

    @Test
    void referenceInFloatPasses() {
        PassComparison.Report report = compare(new ReferenceJavaPass(SPEC));
        assertTrue(report.passed(), report.toString());
        // 6 layer outputs, the loss, 6 parameter tensors and the input gradient
        assertEquals(14, report.entries().size());
    }

    @Test
    void aWrongGradientIsCaughtAndNamed() {
        ReferenceJavaPass inner = new ReferenceJavaPass(SPEC);
        int f1Weight = SPEC.param("f1.weight").offset();
        JavaPass wrong = new Delegating(inner) {
            @Override
            public void backward(float[] params, float[] grads, float[] inputGrad, int batch) {
                super.backward(params, grads, inputGrad, batch);
                grads[f1Weight + 5] += 1e-3f;
            }
        };
        PassComparison.Report report = compare(wrong);
        assertFalse(report.passed());
        assertTrue(report.failures().startsWith("FAIL f1.weight gradient[5]"), report.failures());
        assertEquals(1, report.failures().lines().count(), report.failures());
    }

    /**
     * Each element is held to its own error bound, not to the largest gradient of the network.
     * With out.bias[2] at -14 the network gives class 2 (no image's label) a probability near
     * 1e-6, so its bias gradient is about 7e-7, summed from terms of that size, while the weight
     * gradients are about 0.1. A pass returning 0 for it must fail; under the old absolute rule
     * ({@code atol 1e-6 + rtol 1e-4}) the zero passed.
     */
    @Test
    void aSmallBiasGradientReturnedAsZeroIsCaught() {
        int smallBias = SPEC.param("out.bias").offset() + 2;
        float[] params = Initializers.initialize(SPEC, 6);
        params[smallBias] = -14f;
        ReferenceNetwork network = new ReferenceNetwork(SPEC);
        ReferenceNetwork.Gradients ref = network.gradientsWithScales(Floats.widen(params, params.length),
                network.initialState(), Floats.widen(input(), BATCH * 128), BATCH, LABELS, null, true, 77);
        double g = ref.params()[smallBias];
        assertTrue(g > 1e-7 && g < 1e-6, "out.bias[2]'s gradient is " + g);
        assertTrue(ErrorBound.allowed(ref.scales().params()[smallBias]) < 1e-3 * g,
                "out.bias[2]'s gradient " + g + " has error scale " + ref.scales().params()[smallBias]);
        assertTrue(compare(new ReferenceJavaPass(SPEC), params).passed());
        JavaPass zeroed = new Delegating(new ReferenceJavaPass(SPEC)) {
            @Override
            public void backward(float[] p, float[] grads, float[] inputGrad, int batch) {
                super.backward(p, grads, inputGrad, batch);
                grads[smallBias] = 0;
            }
        };
        PassComparison.Report report = compare(zeroed, params);
        assertFalse(report.passed());
        assertTrue(report.failures().startsWith("FAIL out.bias gradient[2]"), report.failures());
        assertEquals(1, report.failures().lines().count(), report.failures());
    }

    @Test
    void backendsAreComparedThroughTheirInterface() {
        float[] params = Initializers.initialize(SPEC, 6);
        try (ReferenceBackend sgd = new ReferenceBackend(SPEC, OptimizerConfig.sgd().build())) {
            PassComparison.Report report = PassComparison.compareBackend(sgd, params, input(), BATCH, LABELS, null, 77);
            assertTrue(report.passed(), report.toString());
            float[] restored = new float[params.length];
            sgd.getParameters(restored);
            assertEquals(params[0], restored[0]);
        }
        // Adam's first step moves every parameter by the rate, which is no gradient
        try (ReferenceBackend adam = new ReferenceBackend(SPEC, OptimizerConfig.adam().build())) {
            PassComparison.Report report = PassComparison.compareBackend(adam, params, input(), BATCH, LABELS, null, 77);
            assertFalse(report.passed());
            assertTrue(report.failures().contains("c1.weight gradient"), report.failures());
        }
    }

    /** Forwards everything to another pass. */
    private static class Delegating implements JavaPass {
        private final JavaPass inner;

        Delegating(JavaPass inner) {
            this.inner = inner;
        }

        @Override public void plan(int maxBatch) { inner.plan(maxBatch); }
        @Override public int plannedBatch() { return inner.plannedBatch(); }
        @Override public void forward(float[] p, float[] x, int n, boolean t, long s) { inner.forward(p, x, n, t, s); }
        @Override public float[] layerOutput(int index) { return inner.layerOutput(index); }
        @Override public float[] output() { return inner.output(); }
        @Override public double loss(int[] labels, float[] targets, int batch) { return inner.loss(labels, targets, batch); }
        @Override public void backward(float[] params, float[] grads, float[] inputGrad, int batch) {
            inner.backward(params, grads, inputGrad, batch);
        }
    }
}
