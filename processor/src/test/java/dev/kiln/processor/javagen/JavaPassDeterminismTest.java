package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The same inputs and seed give the same bits, on a fresh pass and across worker counts' own runs. */
class JavaPassDeterminismTest {

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
    void sameSeedGivesIdenticalBitsTwice() {
        NetworkSpec spec = Specs.fashionCnn("t.determinism");
        GeneratedPasses compiled = GeneratedPasses.compile(List.of(spec));
        Comparison.Step s = Comparison.Step.random(spec, 9, new Random(3));
        WorkerPool pool = new WorkerPool(3);
        Result first = step(compiled.newPass(spec, pool), spec, s, 42);
        Result second = step(compiled.newPass(spec, pool), spec, s, 42);
        assertArrayEquals(first.output(), second.output());
        assertArrayEquals(first.grads(), second.grads());
        assertArrayEquals(first.inputGrad(), second.inputGrad());

        // the comparison can fail: another dropout seed changes the bits
        Result other = step(compiled.newPass(spec, pool), spec, s, 43);
        assertFalse(Arrays.equals(first.grads(), other.grads()), "a different dropout seed gave identical gradients");
    }
}
