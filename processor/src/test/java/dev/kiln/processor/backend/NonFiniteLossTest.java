package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Required;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 27 item 4: {@link Backend#trainStep}'s rule for a non-finite loss beyond mean squared error
 * ({@link MaxPoolNanTest}): with softmax cross-entropy, with binary cross-entropy, and through a
 * batch-norm network, on the Java and the OpenCL backend, with SGD (momentum) and Adam. A finite step,
 * a step whose loss is NaN and a finite step must leave the parameters exactly where the two finite
 * steps alone leave them (no update, no optimiser state: momentum, Adam's moments and step count);
 * the NaN step reports its loss and still writes its outputs. The batch norm's running statistics
 * behave as {@code Backend.trainStep} documents: forward has already taken the step's batch into them
 * (checked against the batch's mean and unbiased variance computed here in double), and they do not
 * affect the training-mode steps, so the parameters still match bit for bit.
 *
 * <p>The specs are {@link Specs#NAN_SOFTMAX}, {@link Specs#NAN_BINARY} and {@link Specs#NAN_BATCH_NORM}:
 * inputs are finite (3e38), the NaN arises inside the network.
 */
class NonFiniteLossTest {
    private static final float BIG = 3e38f;

    /** A network, its parameters by name, two finite batches and one whose loss is NaN (batch of 2). */
    record Case(String model, List<Object> params, float[] finiteA, float[] finiteB, float[] nan, int[] labels,
                float[] targets) {
        @Override
        public String toString() {
            return model;
        }
    }

    static Stream<Arguments> cases() {
        // softmax and binary: one channel of 2x2; the NaN batch has 3e38 at two pixels read with weights +1 and -1
        float[] a = {0.5f, -1, 0.25f, 2, 1, 0, -0.5f, 0.75f};
        float[] b = {-0.25f, 1, 0.5f, 0, 2, -1, 0.5f, 0.25f};
        float[] nan = {BIG, BIG, 0, 0.5f, 1, -1, BIG, BIG};
        float[] out3 = {1, -1, 0.5f, 0.25f, -0.5f, 0.5f, 1, -1, 0.75f, -0.75f, -0.5f, 0.5f};
        Case softmax = new Case("NanSoftmax", List.of("scale.weight", new float[] {10}, "out.weight", out3,
                "out.bias", new float[] {0.1f, -0.1f, 0}), a, b, nan, new int[] {0, 2}, null);
        Case binary = new Case("NanBinary", List.of("scale.weight", new float[] {10}, "out.weight",
                new float[] {1, -1, 0.5f, 0.25f}, "out.bias", new float[] {0.1f}), a, b, nan, null, new float[] {1, 0});
        // batch norm: two channels of 2x2; channel 1 is zero in the finite batches and 3e38 at two pixels in the NaN one
        float[] bnA = {0.5f, -1, 0.25f, 2, 0, 0, 0, 0, 1, 0, -0.5f, 0.75f, 0, 0, 0, 0};
        float[] bnB = {-0.25f, 1, 0.5f, 0, 0, 0, 0, 0, 2, -1, 0.5f, 0.25f, 0, 0, 0, 0};
        float[] bnNan = {1.5f, -0.5f, 0, 1, BIG, BIG, 0, 0, -1, 0.25f, 2, 0.5f, 0, 0, BIG, BIG};
        Case batchNorm = new Case("NanBatchNorm", List.of("c1.weight", new float[] {1, 0}, "bn.weight", new float[] {1.2f},
                "bn.bias", new float[] {0.1f}, "scale.weight", new float[] {0, 10}, "out.weight", out3, "out.bias",
                new float[] {0.1f, -0.1f, 0}), bnA, bnB, bnNan, new int[] {1, 2}, null);
        return Stream.of(softmax, binary, batchNorm)
                .flatMap(c -> Stream.of(Arguments.of(c, "java"), Arguments.of(c, "opencl")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void aNonFiniteLossChangesNoParameterAndNoOptimiserState(Case c, String backend) {
        KilnModel model = Specs.model(c.model());
        NetworkSpec spec = model.spec();
        float[] initial = params(spec, c.params());
        for (OptimizerConfig optimizer : new OptimizerConfig[] {OptimizerConfig.sgd().momentum(0.9).build(), OptimizerConfig.adam().build()}) {
            float[] withNaN = new float[initial.length];
            float[] without = new float[initial.length];
            String what;
            try (Backend b = open(model, backend, optimizer)) {
                what = c + " on " + b.description() + ", " + optimizer.kind();
                b.plan(2);
                b.setParameters(initial);
                assertTrue(Double.isFinite(b.trainStep(c.finiteA(), c.labels(), c.targets(), 2, 0.01, 1, null)), what);
                float[] before = new float[initial.length];
                b.getParameters(before);
                float[] stateBefore = new float[spec.stateCount()];
                b.getState(stateBefore);
                float[] outputs = new float[2 * spec.output().intSize()];
                double loss = b.trainStep(c.nan(), c.labels(), c.targets(), 2, 0.01, 2, outputs);
                assertFalse(Double.isFinite(loss), what + ": the step reports the non-finite loss, was " + loss);
                assertTrue(hasNonFinite(outputs), what + ": the NaN step still writes its outputs: " + Arrays.toString(outputs));
                float[] after = new float[initial.length];
                b.getParameters(after);
                assertArrayEquals(before, after, what + ": a step with a NaN loss must not change the parameters");
                if (spec.stateCount() > 0) {
                    checkRunningStatistics(b, spec, c.nan(), before, stateBefore, what);
                }
                assertTrue(Double.isFinite(b.trainStep(c.finiteB(), c.labels(), c.targets(), 2, 0.01, 3, null)), what);
                b.getParameters(withNaN);
            }
            try (Backend b = open(model, backend, optimizer)) {
                b.plan(2);
                b.setParameters(initial);
                b.trainStep(c.finiteA(), c.labels(), c.targets(), 2, 0.01, 1, null);
                b.trainStep(c.finiteB(), c.labels(), c.targets(), 2, 0.01, 3, null);
                b.getParameters(without);
            }
            assertFalse(Arrays.equals(initial, without), what + ": the finite steps move the parameters");
            assertArrayEquals(without, withNaN, what + ": the step after a NaN step must find the optimiser state of the"
                    + " last finite step");
        }
    }

    /**
     * As documented, forward updated the running statistics with the NaN step's batch before its loss was known:
     * {@code running = 0.9 running + 0.1 batch} with the batch's mean and unbiased variance of c1's output (c1 reads
     * channel 0 only, with the parameters of the step), and num_batches_tracked counts the step.
     */
    private static void checkRunningStatistics(Backend b, NetworkSpec spec, float[] input, float[] params, float[] before,
                                               String what) {
        float[] after = new float[spec.stateCount()];
        b.getState(after);
        float[] c1 = new float[2 * 4];
        b.layerOutput(spec.producer("c1"), input, 2, c1);
        double w = params[spec.param("c1.weight").offset()];
        double mean = 0;
        for (int i = 0; i < 8; i++) {
            assertEquals(w * input[i < 4 ? i : i + 4], c1[i], 1e-6 * Math.abs(c1[i]), what + ": c1 reads channel 0 only");
            mean += c1[i] / 8.0;
        }
        double squares = 0;
        for (float v : c1) {
            squares += (v - mean) * (v - mean);
        }
        double unbiased = squares / 7;
        int m = state(spec, "bn.running_mean");
        int v = state(spec, "bn.running_var");
        int n = state(spec, "bn.num_batches_tracked");
        double expectedMean = 0.9 * before[m] + 0.1 * mean;
        double expectedVar = 0.9 * before[v] + 0.1 * unbiased;
        assertEquals(expectedMean, after[m], 1e-5 * Math.max(1, Math.abs(expectedMean)), what + ": running mean took the batch in");
        assertEquals(expectedVar, after[v], 1e-5 * Math.max(1, Math.abs(expectedVar)), what + ": running variance took the batch in");
        assertEquals(before[n] + 1, after[n], what + ": num_batches_tracked counts the NaN step");
        assertTrue(Float.isFinite(after[m]) && Float.isFinite(after[v]), what + ": the statistics stay finite here");
    }

    private static int state(NetworkSpec spec, String name) {
        return spec.state().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().offset();
    }

    private static float[] params(NetworkSpec spec, List<Object> byName) {
        float[] p = new float[spec.parameterCount()];
        int covered = 0;
        for (int i = 0; i < byName.size(); i += 2) {
            float[] values = (float[]) byName.get(i + 1);
            var tensor = spec.param((String) byName.get(i));
            assertEquals(tensor.size(), values.length, tensor.name());
            System.arraycopy(values, 0, p, tensor.offset(), values.length);
            covered += values.length;
        }
        assertEquals(p.length, covered, spec + ": every parameter is set");
        return p;
    }

    private static boolean hasNonFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return true;
            }
        }
        return false;
    }

    private static Backend open(KilnModel model, String backend, OptimizerConfig optimizer) {
        if (backend.equals("java")) {
            return new JavaBackend(model, optimizer);
        }
        Required.openCl();
        return OpenClBackend.open(model.spec(), model.openCl(), -1, optimizer);
    }
}
