package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the generated Java passes promise about repeatability, over worker counts 1, 2, 3 and 4
 * (a batch of 9 splits unevenly over 2, 3 and 4 workers):
 * <ul>
 *   <li>for one worker count, the same inputs and seed give the same bits: outputs, parameter
 *       gradients and input gradient, on a fresh pass each time;</li>
 *   <li>across worker counts, the outputs and the input gradient are the same bits (each image is
 *       computed whole by one worker, and the dropout mask depends on the element, not on the
 *       worker), while the parameter gradients, summed per worker and then in worker order, differ
 *       only by summation order: within 1e-5 of each tensor's largest gradient.</li>
 * </ul>
 */
class JavaPassDeterminismTest {
    private static final int[] WORKER_COUNTS = {1, 2, 3, 4};

    /** Outputs, parameter gradients and input gradient of one training step. */
    private record Result(float[] output, float[] grads, float[] inputGrad) {
    }

    private static Result step(JavaPass pass, NetworkSpec spec, Comparison.Step s, long seed) {
        pass.plan(s.batch());
        pass.forward(s.params(), s.input(), s.batch(), true, seed);
        float[] output = Arrays.copyOf(pass.output(), s.batch() * spec.output().intSize());
        pass.loss(s.labels(), s.targets(), s.batch());
        float[] grads = new float[spec.parameterCount()];
        float[] inputGrad = new float[s.input().length];
        pass.backward(s.params(), grads, inputGrad, s.batch());
        return new Result(output, grads, inputGrad);
    }

    @Test
    void sameSeedGivesIdenticalBitsForEachWorkerCountAndTheSameImagesAcrossThem() {
        NetworkSpec spec = Specs.fashionCnn("t.determinism");
        GeneratedPasses compiled = GeneratedPasses.compile(List.of(spec));
        Comparison.Step s = Comparison.Step.random(spec, 9, new Random(3));
        Result single = null;
        for (int workers : WORKER_COUNTS) {
            WorkerPool pool = new WorkerPool(workers); // daemon threads that end with the JVM, as the shared pool's
            Result first = step(compiled.newPass(spec, pool), spec, s, 42);
            Result second = step(compiled.newPass(spec, pool), spec, s, 42);
            String w = workers + " worker(s): ";
            assertArrayEquals(first.output(), second.output(), w + "outputs of two runs");
            assertArrayEquals(first.grads(), second.grads(), w + "parameter gradients of two runs");
            assertArrayEquals(first.inputGrad(), second.inputGrad(), w + "input gradients of two runs");

            // the comparison can fail: another dropout seed changes the bits
            Result other = step(compiled.newPass(spec, pool), spec, s, 43);
            assertFalse(Arrays.equals(first.grads(), other.grads()), w + "a different dropout seed gave identical gradients");

            if (single == null) {
                single = first;
                continue;
            }
            assertArrayEquals(single.output(), first.output(), w + "outputs differ from 1 worker's");
            assertArrayEquals(single.inputGrad(), first.inputGrad(), w + "input gradients differ from 1 worker's");
            for (ParamSpec p : spec.params()) {
                float largest = 0;
                for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                    largest = Math.max(largest, Math.abs(single.grads()[i]));
                }
                assertTrue(largest > 0, p.name() + " has no gradient to compare");
                for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                    float diff = Math.abs(single.grads()[i] - first.grads()[i]);
                    assertTrue(diff <= 1e-5f * largest, w + p.name() + "[" + (i - p.offset()) + "] is " + first.grads()[i]
                            + ", 1 worker gives " + single.grads()[i] + " (largest " + largest + ")");
                }
            }
        }
    }
}
