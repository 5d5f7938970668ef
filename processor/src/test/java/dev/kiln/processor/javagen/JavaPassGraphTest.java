package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rung 4 for graphs: the generated Java pass against the reference on hand-written graphs (a small
 * ResNet with batch norm and a projection shortcut, an Inception-style block, fan-out everywhere)
 * (the random graphs are {@link JavaPassReferenceTest}'s), over several training steps (so that the running statistics move) and at inference, on pools of
 * 1 and 3 workers (uneven slices, segments split at batch norm's sync points).
 */
class JavaPassGraphTest {
    private static GeneratedPasses compiled;

    @BeforeAll
    static void compileAll() {
        compiled = GeneratedPasses.compile(GraphSpecs.all("t.graph"));
    }

    private static void steps(NetworkSpec spec, WorkerPool pool, Random r) {
        JavaPass pass = compiled.newPass(spec, pool);
        pass.plan(7);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 5, r), true, 1);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 7, r), true, 2);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 3, r), false, 3);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 2, r), true, 4);
    }

    @Test
    void handWrittenGraphsMatchTheReferenceOnOneAndThreeWorkers() {
        for (NetworkSpec spec : GraphSpecs.all("t.graph")) {
            steps(spec, new WorkerPool(1), new Random(spec.simpleName().hashCode()));
            steps(spec, new WorkerPool(3), new Random(spec.simpleName().hashCode() + 1));
        }
    }

    @Test
    void aSteadyStateStepOfAResNetAllocatesNothing() {
        NetworkSpec spec = GraphSpecs.miniResNet("t.graph");
        JavaPass pass = compiled.newPass(spec, new WorkerPool(3));
        pass.plan(8);
        Comparison.Step s = Comparison.Step.random(spec, 6, new Random(1));
        float[] grads = new float[spec.parameterCount()];
        float[] inputGrad = new float[s.input().length];
        // warm up until the JIT has compiled the pass (interpreted and OSR frames allocate a little)
        for (int i = 0; i < 50; i++) {
            step(pass, s, grads, inputGrad, i);
        }
        // the Vector API kernels (dev.kiln.runtime.java.Gemm) box until C2 has compiled them: windows of 10
        // steps until one allocates nothing, at most 100
        long allocated = Long.MAX_VALUE;
        int steps = 50;
        for (int window = 0; window < 100 && allocated >= 1024; window++) {
            allocated = AllocationCounter.during(() -> {
                for (int i = 0; i < 10; i++) {
                    step(pass, s, grads, inputGrad, i);
                }
            });
            steps += 10;
        }
        assertTrue(allocated < 1024, "10 training steps allocated " + allocated + " bytes after " + (steps - 10) + " steps");
        assertEquals(steps, pass.state()[spec.state().get(2).offset()], 0, "num_batches_tracked counts the training forwards");
    }

    private static void step(JavaPass pass, Comparison.Step s, float[] grads, float[] inputGrad, long seed) {
        pass.forward(s.params(), s.input(), s.batch(), true, seed);
        pass.loss(s.labels(), s.targets(), s.batch());
        pass.backward(s.params(), grads, inputGrad, s.batch());
    }
}
