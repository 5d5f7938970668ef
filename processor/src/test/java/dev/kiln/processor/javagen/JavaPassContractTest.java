package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JavaPass contract's edges: planning, misuse named with its numbers, and the worker pool. */
class JavaPassContractTest {
    private static NetworkSpec spec;
    private static GeneratedPasses compiled;

    @BeforeAll
    static void compile() {
        spec = Specs.leNet5("t.contract");
        compiled = GeneratedPasses.compile(List.of(spec));
    }

    @Test
    void planReportsTheLargestBatchAndRejectsBiggerOnes() {
        JavaPass pass = compiled.newPass(spec);
        assertEquals(0, pass.plannedBatch());
        pass.plan(4);
        pass.plan(2);
        assertEquals(4, pass.plannedBatch());
        Comparison.Step s = Comparison.Step.random(spec, 5, new Random(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pass.forward(s.params(), s.input(), 5, false, 0));
        assertTrue(e.getMessage().contains("5 images") && e.getMessage().contains("1 to 4"), e.getMessage());
    }

    @Test
    void misuseIsNamedWithItsNumbers() {
        JavaPass pass = compiled.newPass(spec);
        pass.plan(2);
        Comparison.Step s = Comparison.Step.random(spec, 2, new Random(2));
        float[] grads = new float[spec.parameterCount()];
        pass.forward(s.params(), s.input(), 2, false, 0);
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> pass.backward(s.params(), grads, null, 2));
        assertTrue(early.getMessage().contains("loss"), early.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> pass.loss(new int[] {3, 10}, null, 2));
        assertTrue(label.getMessage().contains("10") && label.getMessage().contains("[0, 10)"), label.getMessage());
        IllegalArgumentException shortParams = assertThrows(IllegalArgumentException.class,
                () -> pass.forward(new float[7], s.input(), 2, false, 0));
        assertTrue(shortParams.getMessage().contains("61706") && shortParams.getMessage().contains("7"), shortParams.getMessage());
        IndexOutOfBoundsException layer = assertThrows(IndexOutOfBoundsException.class, () -> pass.layerOutput(8));
        assertTrue(layer.getMessage().contains("0 to 7"), layer.getMessage());
    }

    @Test
    void poolRunsEveryWorkerOnceAndRethrowsAWorkersFailure() {
        WorkerPool pool = new WorkerPool(3);
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        for (int i = 0; i < 100; i++) {
            pool.run(runs::incrementAndGet);
        }
        for (int w = 0; w < 3; w++) {
            assertEquals(100, runs.get(w), "worker " + w);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(w -> {
            if (w == 2) {
                throw new IllegalStateException("worker 2 failed");
            }
        }));
        assertEquals("worker 2 failed", e.getMessage());
        pool.run(runs::incrementAndGet);
        assertEquals(101, runs.get(2), "the pool keeps working after a failure");
    }
}
