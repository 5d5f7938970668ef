package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Window;
import dev.kiln.spec.rewrite.InferencePasses;
import dev.kiln.spec.rewrite.Rewrite;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The inference passes checked against the reference: the reference runs the original graph (batch norms
 * as their own layers, evaluation mode, running statistics far from 0 and 1), and the rewritten graph with
 * the transformed parameters; their outputs must agree to the rounding of the folded weights to float.
 */
class InferencePassesReferenceTest {

    @Test
    void randomGraphsRewrittenComputeWhatTheOriginalsDo() {
        SplittableRandom random = new SplittableRandom(20261207);
        int folded = 0;
        int checked = 0;
        for (int n = 0; checked < 60 && n < 400; n++) {
            NetworkSpec spec = RandomGraphs.next(random, "t.passes.Net" + n, false);
            if (spec.layers().stream().noneMatch(op -> op instanceof BatchNormOp)) {
                continue;
            }
            checked++;
            folded += check(spec, random);
        }
        assertTrue(checked >= 30, "only " + checked + " random networks had a batch norm");
        assertTrue(folded >= 4, "only " + folded + " batch norms folded over " + checked + " networks");
    }

    /** A residual block (conv, norm with ReLU, conv, norm, add) and a dense layer with its BatchNorm1d: five folds. */
    @Test
    void aResidualBlockAndADenseNormFoldAndComputeTheSame() {
        Window k3 = Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1);
        NetworkSpec spec = SpecBuilder.of("t.passes.Block", 2, 6, 6, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("stem", 3, k3, false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("stemNorm", 1e-5, 0.1, Activation.RELU)
                .conv("c1", 3, k3, false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("n1", 1e-5, 0.1, Activation.RELU)
                .conv("c2", 3, k3, false, PaddingMode.REPLICATE, true, Activation.NONE, Init.DEFAULT)
                .batchNorm("n2", 1e-3, 0.1, Activation.NONE)
                .from("n2", "stemNorm").add("sum", Activation.RELU)
                .flatten("flat")
                .dense("h", 5, true, Activation.NONE, Init.DEFAULT)
                .batchNorm("hNorm", 1e-5, 0.1, Activation.TANH)
                .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        assertEquals(4, check(spec, new SplittableRandom(7)), "stem, c1, c2 and h fold");
    }

    /** Runs {@code spec} and its inference rewrite in the reference on random weights and statistics; the folds. */
    private static int check(NetworkSpec spec, SplittableRandom random) {
        Rewrite rewrite = InferencePasses.of(spec);
        float[] params = new float[spec.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextDouble() - 0.5);
        }
        float[] state = spec.initialState();
        for (ParamSpec s : spec.state()) {
            for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                if (s.name().endsWith(".running_mean")) {
                    state[i] = (float) (random.nextDouble() - 0.5);
                } else if (s.name().endsWith(".running_var")) {
                    state[i] = (float) (0.2 + 2.8 * random.nextDouble());
                }
            }
        }
        int batch = 2;
        double[] input = new double[Math.toIntExact(batch * spec.input().size())];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextDouble() * 2 - 1;
        }
        double[] expected = last(new ReferenceNetwork(spec).forward(Floats.widen(params, params.length),
                Floats.widen(state, state.length), input, batch, false, 0));
        float[] rewrittenParams = rewrite.parameters(params, state);
        float[] rewrittenState = rewrite.state(state);
        double[] actual = last(new ReferenceNetwork(rewrite.spec()).forward(Floats.widen(rewrittenParams, rewrittenParams.length),
                Floats.widen(rewrittenState, rewrittenState.length), input, batch, false, 0));
        double scale = 1e-30;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(actual[i] - expected[i]);
            assertTrue(error <= 1e-4 * scale + 1e-6, spec + " output " + i + ": rewritten " + actual[i] + ", original "
                    + expected[i] + " (" + rewrite.folds().size() + " folds)");
        }
        return rewrite.folds().size();
    }

    private static double[] last(double[][] outputs) {
        return outputs[outputs.length - 1];
    }
}
