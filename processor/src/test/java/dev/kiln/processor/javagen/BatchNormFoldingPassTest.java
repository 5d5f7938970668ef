package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.reference.RandomGraphs;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code predict} folds each batch norm that directly follows a convolution into that convolution's
 * weights. With running statistics far from their initial 0 and 1, its output must match
 * {@code forward} at inference to rounding, and with folding off bit for bit; the folded weights must
 * follow the parameters and statistics of each call, not the first.
 */
class BatchNormFoldingPassTest {

    private static List<NetworkSpec> specs() {
        List<NetworkSpec> specs = new ArrayList<>(GraphSpecs.all("t.fold.g"));
        SplittableRandom r = new SplittableRandom(20261130);
        for (int i = 0; i < 40; i++) {
            NetworkSpec spec = RandomGraphs.next(r, "t.fold.r.Net" + i, i % 3 == 2);
            if (spec.layers().stream().anyMatch(op -> op instanceof BatchNormOp)) {
                specs.add(spec);
            }
        }
        return specs;
    }

    /** Running means in +-0.5 and variances in [0.2, 3]; num_batches_tracked left alone. */
    private static void randomStatistics(NetworkSpec spec, float[] state, Random r) {
        for (ParamSpec s : spec.state()) {
            if (s.name().endsWith(".running_mean")) {
                for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                    state[i] = (float) (r.nextDouble() - 0.5);
                }
            } else if (s.name().endsWith(".running_var")) {
                for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                    state[i] = (float) (0.2 + 2.8 * r.nextDouble());
                }
            }
        }
    }

    @Test
    void foldedPredictMatchesForwardAndUnfoldedIsBitForBit() {
        List<NetworkSpec> specs = specs();
        GeneratedPasses compiled = GeneratedPasses.compile(specs);
        int folding = 0;
        for (int workers : new int[] {1, 2}) {
            WorkerPool pool = new WorkerPool(workers);
            for (NetworkSpec spec : specs) {
                for (int batch : new int[] {1, 9}) {
                    Random r = new Random(batch * 131L + workers);
                    Comparison.Step s = Comparison.Step.random(spec, batch, r);
                    JavaPass pass = compiled.newPass(spec, pool);
                    pass.plan(batch);
                    randomStatistics(spec, pass.state(), r);
                    String at = spec.simpleName() + ", " + workers + " worker(s), batch " + batch;
                    int size = batch * spec.output().intSize();

                    pass.forward(s.params(), s.input(), batch, false, 0L);
                    float[] expected = Arrays.copyOf(pass.output(), size);
                    pass.predict(s.params(), s.input(), batch);
                    assertClose(expected, Arrays.copyOf(pass.output(), size), at + ", folded");

                    pass.setBatchNormFolding(false);
                    pass.predict(s.params(), s.input(), batch);
                    assertArrayEquals(expected, Arrays.copyOf(pass.output(), size), at + ", not folded");

                    // new statistics and parameters: the next predict folds them afresh
                    pass.setBatchNormFolding(true);
                    randomStatistics(spec, pass.state(), r);
                    Comparison.Step t = Comparison.Step.random(spec, batch, r);
                    pass.forward(t.params(), s.input(), batch, false, 0L);
                    float[] again = Arrays.copyOf(pass.output(), size);
                    pass.predict(t.params(), s.input(), batch);
                    assertClose(again, Arrays.copyOf(pass.output(), size), at + ", folded after new weights");
                    folding += folds(pass) ? 1 : 0;
                    if (spec.simpleName().equals("MiniResNet")) {
                        assertTrue(folds(pass), at + ": the residual network's six conv + batch norm pairs fold");
                        // b1 = b1c2 + b1n2 + the skip, b2 = b2proj + b2projBn + b2n2: each add computed in its later conv's call
                        assertEquals(2, fusedAdds(pass), at + ": residual adds fused into the conv before them");
                    }
                }
            }
        }
        // at least five networks fold (four runs each): the hand-written residual ones and some random ones
        assertTrue(folding >= 5 * 4, "only " + folding + " runs folded a batch norm");
    }

    /** Within 1e-5 of the larger magnitude in the image's outputs, and at least 1e-6. */
    private static void assertClose(float[] expected, float[] actual, String at) {
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = Math.max(1e-6, 1e-5 * scale);
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - (double) actual[i]);
            assertTrue(d <= tol, at + ": output " + i + " is " + actual[i] + ", forward gave " + expected[i]
                    + " (off by " + d + ", allowed " + tol + ")");
        }
    }

    /**
     * Predict's batch of one runs layer by layer with each conv split over the workers: the same bits on one worker and
     * on three, folded and not. MiniResNet's activations are ReLU, which the kernels apply as they store; the random
     * networks with ReLU6, SiLU, hard swish, GELU... after a conv (or its folded batch norm) apply them in a dispatch of
     * their own once every part is done, which must give the same bits too.
     */
    @Test
    void aSplitBatchOfOneGivesTheBitsOfOneWorker() {
        List<NetworkSpec> specs = new ArrayList<>(GraphSpecs.all("t.fold.split").stream()
                .filter(s -> s.simpleName().equals("MiniResNet")).toList());
        specs.addAll(specs().stream().filter(BatchNormFoldingPassTest::activatesAfterConv).toList());
        GeneratedPasses compiled = GeneratedPasses.compile(specs);
        int activatedAfter = 0;
        for (NetworkSpec spec : specs) {
            Random r = new Random(7);
            Comparison.Step s = Comparison.Step.random(spec, 1, r);
            float[] state = null;
            float[][] outputs = new float[2][];
            for (boolean fold : new boolean[] {true, false}) {
                for (int k = 0; k < 2; k++) {
                    JavaPass pass = compiled.newPass(spec, new WorkerPool(k == 0 ? 1 : 3));
                    pass.plan(1);
                    if (state == null) {
                        randomStatistics(spec, pass.state(), r);
                        state = pass.state().clone();
                    }
                    System.arraycopy(state, 0, pass.state(), 0, state.length);
                    pass.setBatchNormFolding(fold);
                    pass.predict(s.params(), s.input(), 1);
                    outputs[k] = Arrays.copyOf(pass.output(), spec.output().intSize());
                    if (k == 1 && fold && activatesAfterParts(pass)) {
                        activatedAfter++;
                    }
                }
                assertArrayEquals(outputs[0], outputs[1], spec.simpleName() + ", folding " + fold + ": one worker against three");
            }
        }
        assertTrue(activatedAfter >= 3, "only " + activatedAfter + " networks applied a conv's activation after its parts");
    }

    /** Whether a conv's own activation, or that of a batch norm right after it, is one the kernels do not apply as they store. */
    private static boolean activatesAfterConv(NetworkSpec spec) {
        for (var op : spec.layers()) {
            Activation a = op instanceof Conv2dOp c ? c.activation() : op instanceof BatchNormOp b ? b.activation() : Activation.NONE;
            if (a != Activation.NONE && a != Activation.RELU && a != Activation.SOFTMAX) {
                return true;
            }
        }
        return false;
    }

    private static boolean activatesAfterParts(JavaPass pass) {
        return Arrays.stream(pass.getClass().getDeclaredMethods()).anyMatch(m -> m.getName().matches("foldedSegmentActivate\\d+"));
    }

    private static long fusedAdds(JavaPass pass) {
        return Arrays.stream(pass.getClass().getDeclaredMethods()).filter(m -> m.getName().endsWith("ForwardFoldedAdd")).count();
    }

    private static boolean folds(JavaPass pass) {
        return Arrays.stream(pass.getClass().getDeclaredFields()).anyMatch(f -> f.getName().equals("folded"));
    }
}
