package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.ParamGroups;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Window;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A frozen batch-norm layer on OpenCL (Keras' {@code trainable = False}): in training it
 * normalises with its running statistics and keeps them bit for bit, and the step's output, the
 * other layer's statistics and the trainable layers' gradients match the reference with the same
 * layers frozen.
 */
class FrozenBatchNormParityTest {
    static final NetworkSpec NORMED = SpecBuilder.of("t.clfreeze.Normed", 2, 8, 8, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
            .batchNorm("bn1", 1e-5, 0.1, Activation.RELU)
            .conv("c2", 3, Window.symmetric(3, 3, 2, 2, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
            .batchNorm("bn2", 1e-5, 0.1, Activation.TANH)
            .flatten("flat")
            .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
            .build();

    @BeforeEach
    void openCl() {
        OpenClTestSupport.requireOpenCl();
    }

    @Test
    void aFrozenBatchNormUsesAndKeepsItsRunningStatistics() {
        Random r = new Random(8);
        int batch = 5;
        float[] params = Initializers.initialize(NORMED, 3);
        for (int i = 0; i < params.length; i++) {
            params[i] += (float) (0.1 * r.nextGaussian());
        }
        // running statistics away from (0, 1): means around 0.3, variances in (0.5, 1.5)
        float[] state = NORMED.initialState();
        for (ParamSpec p : NORMED.state()) {
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                state[i] = p.name().endsWith("running_mean") ? (float) (0.3 + 0.2 * r.nextGaussian())
                        : p.name().endsWith("running_var") ? (float) (0.5 + r.nextDouble()) : state[i];
            }
        }
        float[] input = new float[batch * NORMED.input().intSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextGaussian();
        }
        int[] labels = {0, 1, 2, 1, 0};
        Set<String> frozen = Set.of("c1", "bn1");
        ReferenceNetwork ref = new ReferenceNetwork(NORMED).withFrozen(frozen);
        ReferenceNetwork.Gradients g = ref.gradientsWithScales(Parity.toDouble(params), Parity.toDouble(state),
                Parity.toDouble(input), batch, labels, null, true, 4);
        ReferenceNetwork.Scales scales = g.scales();
        double[] factors = new double[NORMED.params().size()];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = frozen.contains(ParamGroups.layerOf(NORMED, NORMED.params().get(i))) ? 0 : 1;
        }
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(NORMED, GeneratedPrograms.load(NORMED), -1,
                OptimizerConfig.sgd().build())) {
            b.plan(batch);
            b.setParameters(params);
            b.setState(state);
            b.setParamGroups(new ParamGroups(NORMED, factors));
            float[] out = new float[batch * 3];
            double loss = b.trainStep(input, labels, null, batch, 0, 4, out);
            assertEquals(g.loss(), loss, Parity.RTOL * Math.abs(g.loss()) + Parity.ATOL, "training loss");
            int last = NORMED.layers().size() - 1;
            // every element within its own error bound (issue 27 item 3), not the vector's largest value
            Parity.compareBounded(NORMED, "training output", out, g.outputs()[last], scales.outputs()[last], 0, out.length,
                    false);
            float[] after = new float[NORMED.stateCount()];
            b.getState(after);
            for (int i = 0; i < 2 * 4 + 1; i++) {
                assertEquals(state[i], after[i], "bn1's running statistic " + i + " kept bit for bit");
            }
            Parity.compareBounded(NORMED, "running statistics", after, g.state(), scales.state(), 0, after.length, false);
            float[] grads = new float[NORMED.parameterCount()];
            b.readGradients(grads);
            for (ParamSpec p : NORMED.params()) {
                if (!frozen.contains(ParamGroups.layerOf(NORMED, p))) { // frozen: not computed, not compared
                    Parity.compareBounded(NORMED, p.name() + " gradient", grads, g.params(), scales.params(), p.offset(),
                            p.size(), false);
                }
            }
        }
    }

    /**
     * Issue 11: a frozen layer's weight gradient is not computed at all (the work skipped, not the update zeroed):
     * freezing c1 and out drops exactly their two parameter-gradient launches from a training step, and their
     * parameters stay bit for bit while the others move.
     */
    @Test
    void frozenConvAndDenseLaunchNoParameterGradient() {
        int batch = 4;
        float[] params = Initializers.initialize(NORMED, 5);
        Random r = new Random(2);
        float[] input = new float[batch * NORMED.input().intSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextGaussian();
        }
        int[] labels = {0, 1, 2, 1};
        Set<String> frozen = Set.of("c1", "out");
        double[] factors = new double[NORMED.params().size()];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = frozen.contains(ParamGroups.layerOf(NORMED, NORMED.params().get(i))) ? 0 : 1;
        }
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(NORMED, GeneratedPrograms.load(NORMED), -1,
                OptimizerConfig.sgd().build())) {
            b.plan(batch);
            b.setParameters(params);
            float[] out = new float[batch * 3];
            long before = b.launches();
            b.trainStep(input, labels, null, batch, 0.1, 1, out);
            long all = b.launches() - before;
            b.setParameters(params);
            b.setParamGroups(new ParamGroups(NORMED, factors));
            before = b.launches();
            b.trainStep(input, labels, null, batch, 0.1, 1, out);
            assertEquals(all - 2, b.launches() - before, "c1's and out's parameter gradients are not launched");
            float[] after = new float[NORMED.parameterCount()];
            b.getParameters(after);
            int moved = 0;
            for (ParamSpec p : NORMED.params()) {
                boolean isFrozen = frozen.contains(ParamGroups.layerOf(NORMED, p));
                for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                    if (isFrozen) {
                        assertEquals(params[i], after[i], p.name() + " is frozen: kept bit for bit");
                    } else if (after[i] != params[i]) {
                        moved++;
                    }
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(moved > 0, "the trainable layers learned");
        }
    }
}
