package dev.kiln.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.runtime.reference.ReferenceJavaPass;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The backend's wiring (zeroed gradients, optimiser, copies, checks) with a hand-written pass. */
class JavaBackendTest {
    private static final float[] INPUT = {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f};
    private static final float[] TARGETS = {1f, -2f, 0.5f};

    @Test
    void trainsStepForStepLikeTheReference() {
        for (OptimizerConfig opt : new OptimizerConfig[] {OptimizerConfig.sgd().momentum(0.9).nesterov(true).weightDecay(0.01).build(), OptimizerConfig.adam().build()}) {
            JavaBackend java = new JavaBackend(LinearPass.SPEC, new LinearPass(), opt);
            ReferenceBackend ref = new ReferenceBackend(LinearPass.SPEC, opt);
            float[] start = Initializers.initialize(LinearPass.SPEC, 3);
            java.setParameters(start);
            ref.setParameters(start);
            java.plan(3);
            ref.plan(3);
            for (int step = 0; step < 25; step++) {
                double lj = java.trainStep(INPUT, null, TARGETS, 3, 0.05, step, null);
                double lr = ref.trainStep(INPUT, null, TARGETS, 3, 0.05, step, null);
                assertEquals(lr, lj, 1e-5 + 1e-5 * Math.abs(lr), opt.kind() + " loss at step " + step);
            }
            float[] pj = new float[3];
            float[] pr = new float[3];
            java.getParameters(pj);
            ref.getParameters(pr);
            assertArrayEquals(pr, pj, 1e-5f, opt.kind() + " parameters after 25 steps");
            assertEquals(25, java.steps());
        }
    }

    @Test
    void predictAndLayerOutputCopyTheBatch() {
        JavaBackend backend = new JavaBackend(LinearPass.SPEC, new LinearPass(), OptimizerConfig.adam().build());
        backend.setParameters(new float[] {2, 3, 1});
        float[] out = new float[3];
        backend.predict(INPUT, 3, out);
        // 2 x0 + 3 x1 + 1, by hand
        assertArrayEquals(new float[] {2 * 0.5f - 3 + 1, 4 + 0.75f + 1, -1.5f + 4.5f + 1}, out, 1e-6f);
        float[] flat = new float[4];
        backend.layerOutput(0, INPUT, 2, flat);
        assertArrayEquals(new float[] {0.5f, -1f, 2f, 0.25f}, flat);
    }

    @Test
    void aNonFiniteLossLeavesTheParametersAsTheyWere() {
        LinearPass pass = new LinearPass();
        JavaBackend backend = new JavaBackend(LinearPass.SPEC, pass, OptimizerConfig.sgd().build());
        float[] huge = {3e38f, 3e38f, 0};
        backend.setParameters(huge);
        double loss = backend.trainStep(new float[] {10, 10}, null, new float[] {0}, 1, 0.1, 0, null);
        assertTrue(Double.isInfinite(loss), "loss " + loss);
        float[] after = new float[3];
        backend.getParameters(after);
        assertArrayEquals(huge, after);
        assertEquals(0, pass.backwards, "no backward pass after a non-finite loss");
    }

    @Test
    void badBatchesAreRefusedBeforeAnyWork() {
        LinearPass pass = new LinearPass();
        JavaBackend backend = new JavaBackend(LinearPass.SPEC, pass, OptimizerConfig.adam().build());
        float[] nan = INPUT.clone();
        nan[3] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> backend.trainStep(nan, null, TARGETS, 3, 0.1, 0, null));
        assertThrows(InvalidInputException.class, () -> backend.trainStep(INPUT, null, new float[2], 3, 0.1, 0, null));
        assertThrows(InvalidInputException.class, () -> backend.trainStep(INPUT, null, TARGETS, 4, 0.1, 0, null));
        assertThrows(InvalidInputException.class, () -> backend.trainStep(INPUT, null, TARGETS, 3, Double.NaN, 0, null));
        assertThrows(InvalidInputException.class, () -> backend.predict(INPUT, 3, new float[2]));
        assertThrows(InvalidInputException.class, () -> backend.layerOutput(2, INPUT, 1, new float[2]));
        assertThrows(InvalidInputException.class, () -> backend.setParameters(new float[2]));
        assertEquals(0, pass.forwards);
        assertEquals(0, backend.steps());
    }

    @Test
    void planningHappensOnceForTheLargestBatch() {
        LinearPass pass = new LinearPass();
        JavaBackend backend = new JavaBackend(LinearPass.SPEC, pass, OptimizerConfig.adam().build());
        backend.plan(3);
        backend.trainStep(INPUT, null, TARGETS, 2, 0.1, 0, null);
        backend.predict(INPUT, 1, new float[1]);
        backend.trainStep(INPUT, null, TARGETS, 3, 0.1, 0, null);
        assertEquals(1, pass.plans);
    }

    @Test
    void aSteadyStateStepAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        JavaBackend backend = new JavaBackend(LinearPass.SPEC, new LinearPass(), OptimizerConfig.adam().build());
        float[] outputs = new float[3];
        backend.plan(3);
        for (int i = 0; i < 20_000; i++) { // warm up: let the JIT compile the step
            backend.trainStep(INPUT, null, TARGETS, 3, 1e-4, i, outputs);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            backend.trainStep(INPUT, null, TARGETS, 3, 1e-4, i, outputs);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // 10,000 steps: a single allocation per step would be at least 160,000 bytes.
        assertTrue(allocated < 10_000, allocated + " bytes allocated in 10,000 steps");
    }

    @Test
    void overTheReferencePassItTrainsAMultiLayerNetworkWithDropoutLikeTheReferenceBackend() {
        NetworkSpec spec = NetworkSpec.builder("t.Cnn", 2, 5, 5, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 3, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.REPLICATE, true,
                        Activation.TANH, Init.DEFAULT)
                .maxPool("p1", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .flatten("flat")
                .dropout("drop", 0.3)
                .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        OptimizerConfig adam = OptimizerConfig.adam().build();
        JavaBackend java = new JavaBackend(spec, new ReferenceJavaPass(spec), adam);
        ReferenceBackend ref = new ReferenceBackend(spec, adam);
        float[] start = Initializers.initialize(spec, 8);
        java.setParameters(start);
        ref.setParameters(start);
        java.plan(4);
        ref.plan(4);
        SplittableRandom r = new SplittableRandom(2);
        float[] input = new float[4 * 50];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextDouble();
        }
        int[] labels = {0, 2, 1, 2};
        for (int step = 0; step < 5; step++) {
            assertEquals(ref.trainStep(input, labels, null, 4, 0.01, step, null),
                    java.trainStep(input, labels, null, 4, 0.01, step, null), 1e-6, "loss of step " + step);
        }
        float[] pj = new float[spec.parameterCount()];
        float[] pr = new float[spec.parameterCount()];
        java.getParameters(pj);
        ref.getParameters(pr);
        assertArrayEquals(pr, pj, 1e-6f);
        for (int layer = 0; layer < spec.layers().size(); layer++) {
            int size = spec.layers().get(layer).output().intSize();
            float[] oj = new float[3 * size];
            float[] or = new float[3 * size];
            java.layerOutput(layer, input, 3, oj);
            ref.layerOutput(layer, input, 3, or);
            assertArrayEquals(or, oj, 1e-6f, "layer " + spec.layers().get(layer).name());
        }
    }
}
