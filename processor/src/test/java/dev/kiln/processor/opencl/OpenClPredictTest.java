package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.opencl.OpenClProgram;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Window;
import dev.kiln.spec.rewrite.InferencePasses;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL predict plan runs the inference rewrite (each batch norm folded into the conv or dense layer
 * before it, the folded weights computed on the device by {@code fold.cl}): with running statistics far
 * from 0 and 1 its output must match the forward plan's (the network's own graph, which the parity tests
 * check against the reference) to rounding, and follow new parameters and statistics.
 */
class OpenClPredictTest {
    /** Two conv + norm pairs (one without a bias, one with replicate padding), a dense + BatchNorm1d pair, and a norm as the output. */
    static final NetworkSpec FOLDING = SpecBuilder.of("t.clpredict.Folding", 2, 7, 7, Loss.MEAN_SQUARED_ERROR)
            .conv("c1", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
            .batchNorm("bn1", 1e-5, 0.1, Activation.RELU)
            .conv("c2", 3, Window.symmetric(3, 3, 2, 2, 1, 1, 1, 1), false, PaddingMode.REPLICATE, true, Activation.NONE,
                    Init.DEFAULT)
            .batchNorm("bn2", 1e-3, 0.1, Activation.LEAKY_RELU)
            .flatten("flat")
            .dense("h", 6, true, Activation.NONE, Init.DEFAULT)
            .batchNorm("hn", 1e-5, 0.1, Activation.TANH)
            .dense("last", 3, false, Activation.NONE, Init.DEFAULT)
            .batchNorm("out", 1e-5, 0.1, Activation.SIGMOID)
            .build();

    @BeforeEach
    void openCl() {
        OpenClTestSupport.requireOpenCl();
    }

    /** The random networks of the parity tests compare their predict with the reference too (Parity.check). */
    @Test
    void predictFoldsEveryPairAndMatchesTheForwardPlan() {
        assertEquals(4, InferencePasses.of(FOLDING).folds().size(), "c1, c2, h and last fold");
        check(FOLDING, GeneratedPrograms.load(FOLDING));
    }

    private static void check(NetworkSpec spec, OpenClProgram program) {
        int folds = InferencePasses.of(spec).folds().size();
        // a norm whose activation runs on its own (activation.cl: hard swish, SiLU, GELU) has two launches; the folded
        // layer applies the activation itself
        long ownActivations = InferencePasses.of(spec).folds().stream()
                .filter(f -> !f.normOp().activation().derivativeFromOutput()).count();
        assertEquals(program.forwardPlan().size() - ownActivations, program.predictPlan().size(),
                spec.simpleName() + ": each fold adds its kernel and removes its norm's launches");
        assertEquals(folds, program.predictPlan().stream().filter(l -> l.kernel().endsWith("_fold")).count(),
                spec.simpleName() + ": one fold kernel per folded norm");
        Random r = new Random(spec.simpleName().hashCode());
        int batch = 3;
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(spec, program, -1, OptimizerConfig.adam().build())) {
            b.plan(batch);
            for (int round = 0; round < 2; round++) {
                float[] params = Initializers.initialize(spec, round + 3);
                for (int i = 0; i < params.length; i++) {
                    params[i] += (float) (0.1 * r.nextGaussian());
                }
                b.setParameters(params);
                b.setState(statistics(spec, r));
                float[] input = new float[batch * spec.input().intSize()];
                for (int i = 0; i < input.length; i++) {
                    input[i] = (float) r.nextGaussian();
                }
                float[] expected = new float[batch * spec.output().intSize()];
                b.layerOutput(spec.layers().size() - 1, input, batch, expected);
                float[] actual = new float[expected.length];
                b.predict(input, batch, actual);
                double scale = 1e-6;
                for (float v : expected) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < expected.length; i++) {
                    double d = Math.abs(expected[i] - (double) actual[i]);
                    assertTrue(d <= 1e-4 * scale, spec.simpleName() + ", round " + round + ", output " + i + ": predict "
                            + actual[i] + ", forward plan " + expected[i]);
                }
            }
        }
    }

    /** Running means in +-0.5 and variances in [0.2, 3]; num_batches_tracked left alone. */
    private static float[] statistics(NetworkSpec spec, Random r) {
        float[] state = spec.initialState();
        for (ParamSpec s : spec.state()) {
            for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                if (s.name().endsWith(".running_mean")) {
                    state[i] = (float) (r.nextDouble() - 0.5);
                } else if (s.name().endsWith(".running_var")) {
                    state[i] = (float) (0.2 + 2.8 * r.nextDouble());
                }
            }
        }
        return state;
    }
}
