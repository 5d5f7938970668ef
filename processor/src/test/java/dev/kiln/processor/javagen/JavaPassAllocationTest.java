package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A steady-state training step (forward, loss, backward) allocates nothing, counted with
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} on the calling thread and every
 * worker of the pool.
 */
class JavaPassAllocationTest {
    private static final int STEPS = 10;
    private static final int WINDOWS = 300;

    @Test
    void steadyStateTrainingStepAllocatesNothing() {
        NetworkSpec spec = Specs.fashionCnn("t.allocation");
        GeneratedPasses compiled = GeneratedPasses.compile(List.of(spec));
        WorkerPool pool = new WorkerPool(3);
        JavaPass pass = compiled.newPass(spec, pool);
        pass.plan(8);
        Comparison.Step s = Comparison.Step.random(spec, 6, new Random(1));
        float[] grads = new float[spec.parameterCount()];
        float[] inputGrad = new float[s.input().length];
        // Steady state: the Vector API kernels (dev.kiln.runtime.java.Gemm) box their vectors until C2 has
        // compiled them, so windows of STEPS steps are measured until one allocates nothing (or WINDOWS passed).
        long allocated = Long.MAX_VALUE;
        for (int window = 0; window < WINDOWS && allocated >= 1024; window++) {
            allocated = window(pass, s, grads, inputGrad);
        }
        // one activation buffer alone is 6 x 25088 floats; a few hundred bytes would be the counters' own noise
        assertTrue(allocated < 1024, STEPS + " training steps allocated " + allocated + " bytes after " + WINDOWS + " windows of warm-up");
    }

    /** Heap bytes allocated by the caller and the pool's workers over STEPS training steps. */
    private static long window(JavaPass pass, Comparison.Step s, float[] grads, float[] inputGrad) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threadIds();
        long[] before = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            before[i] = mx.getThreadAllocatedBytes(ids[i]);
        }
        for (int i = 0; i < STEPS; i++) {
            step(pass, s, grads, inputGrad, i);
        }
        long allocated = 0;
        for (int i = 0; i < ids.length; i++) {
            allocated += mx.getThreadAllocatedBytes(ids[i]) - before[i];
        }
        return allocated;
    }

    private static void step(JavaPass pass, Comparison.Step s, float[] grads, float[] inputGrad, long seed) {
        pass.forward(s.params(), s.input(), s.batch(), true, seed);
        pass.loss(s.labels(), s.targets(), s.batch());
        pass.backward(s.params(), grads, inputGrad, s.batch());
    }

    /** The calling thread and the pool's workers (named {@code kiln-java-N}). */
    private static long[] threadIds() {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kiln-java-")) {
                ids.add(t.getId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }
}
