package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Window;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code setFrozen} in the generated Java pass: frozen layers' weight gradients are not computed
 * (shown without timing: their inputs are overwritten with NaN between forward and backward, so
 * any work on them would turn the gradients NaN), input gradients still flow through a frozen layer
 * to a trainable one before it, the trainable layers' gradients are bit for bit those of the
 * unfrozen pass, and a frozen batch norm uses (and keeps) its running statistics as the reference
 * does.
 */
class FreezePassTest {
    static final NetworkSpec CONVS = SpecBuilder.of("t.freeze.Convs", 2, 10, 10, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
            .maxPool("p1", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
            .conv("c2", 5, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
            .flatten("flat")
            .dense("d1", 8, true, Activation.RELU, Init.DEFAULT)
            .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
            .build();
    static final NetworkSpec NORMED = SpecBuilder.of("t.freeze.Normed", 2, 8, 8, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
            .batchNorm("bn1", 1e-5, 0.1, Activation.RELU)
            .conv("c2", 3, Window.symmetric(3, 3, 2, 2, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
            .batchNorm("bn2", 1e-5, 0.1, Activation.TANH)
            .flatten("flat")
            .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
            .build();
    private static GeneratedPasses compiled;

    @BeforeAll
    static void compile() {
        compiled = GeneratedPasses.compile(List.of(CONVS, NORMED));
    }

    private static boolean[] frozen(NetworkSpec spec, String... names) {
        boolean[] f = new boolean[spec.layers().size()];
        for (String n : names) {
            f[spec.producer(n)] = true;
        }
        return f;
    }

    private static boolean inFrozenLayer(NetworkSpec spec, int index, Set<String> names) {
        for (ParamSpec p : spec.params()) {
            if (index >= p.offset() && index < p.offset() + p.size()) {
                return names.contains(spec.layers().get(p.layerIndex()).name());
            }
        }
        throw new AssertionError("no parameter " + index);
    }

    /** One training step's gradients, added into a buffer prefilled with 0.5; {@code poison} runs between forward and backward. */
    private static float[] gradients(JavaPass pass, NetworkSpec spec, Comparison.Step s, boolean poisonInput, Runnable poison) {
        float[] input = s.input().clone();
        pass.forward(s.params(), input, s.batch(), true, 5);
        pass.loss(s.labels(), s.targets(), s.batch());
        if (poisonInput) {
            Arrays.fill(input, Float.NaN); // backward reads the forward's input array again
        }
        if (poison != null) {
            poison.run();
        }
        float[] grads = new float[spec.parameterCount()];
        Arrays.fill(grads, 0.5f);
        pass.backward(s.params(), grads, null, s.batch());
        return grads;
    }

    @Test
    void aFrozenPrefixIsSkippedAndTheRestIsBitForBitUnchanged() {
        Comparison.Step s = Comparison.Step.random(CONVS, 4, new Random(1));
        JavaPass pass = compiled.newPass(CONVS);
        pass.plan(4);
        float[] unfrozen = gradients(pass, CONVS, s, false, null);
        pass.setFrozen(frozen(CONVS, "c1", "c2"));
        // c1 reads the input, c2 reads p1's output: NaN there reaches any weight gradient computed for them
        float[] grads = gradients(pass, CONVS, s, true, () -> Arrays.fill(pass.layerOutput(CONVS.producer("p1")), Float.NaN));
        Set<String> names = Set.of("c1", "c2");
        for (int i = 0; i < grads.length; i++) {
            if (inFrozenLayer(CONVS, i, names)) {
                assertEquals(0.5f, grads[i], "frozen gradient " + i + " left as it was");
            } else {
                assertEquals(unfrozen[i], grads[i], "trainable gradient " + i + " bit for bit");
            }
        }
    }

    @Test
    void aFrozenLayerBetweenTrainableOnesPassesItsInputGradientOn() {
        Comparison.Step s = Comparison.Step.random(CONVS, 3, new Random(2));
        JavaPass pass = compiled.newPass(CONVS);
        pass.plan(3);
        float[] unfrozen = gradients(pass, CONVS, s, false, null);
        pass.setFrozen(frozen(CONVS, "c2", "d1"));
        // c2 reads p1's output and d1 reads flat's: only their weight gradients would read them
        float[] grads = gradients(pass, CONVS, s, false, () -> {
            Arrays.fill(pass.layerOutput(CONVS.producer("p1")), Float.NaN);
            Arrays.fill(pass.layerOutput(CONVS.producer("flat")), Float.NaN);
        });
        Set<String> names = Set.of("c2", "d1");
        boolean sawC1 = false;
        for (int i = 0; i < grads.length; i++) {
            if (inFrozenLayer(CONVS, i, names)) {
                assertEquals(0.5f, grads[i], "frozen gradient " + i);
            } else {
                assertEquals(unfrozen[i], grads[i], "trainable gradient " + i + " bit for bit");
                sawC1 |= i < CONVS.param("c1.bias").offset() && unfrozen[i] != 0.5f;
            }
        }
        assertTrue(sawC1, "c1, before the frozen layers, still receives gradients");
        pass.setFrozen(new boolean[CONVS.layers().size()]);
        assertArrayEquals(unfrozen, gradients(pass, CONVS, s, false, null), "unfreezing restores the full computation");
    }

    @Test
    void aFrozenBatchNormUsesAndKeepsItsRunningStatisticsAsTheReferenceDoes() {
        Random r = new Random(3);
        JavaPass pass = compiled.newPass(NORMED);
        pass.plan(5);
        // running statistics away from their initial values, from a few unfrozen steps
        for (int k = 0; k < 3; k++) {
            Comparison.Step warm = Comparison.Step.random(NORMED, 5, r);
            pass.forward(warm.params(), warm.input(), 5, true, k);
        }
        float[] before = pass.state().clone();
        pass.setFrozen(frozen(NORMED, "c1", "bn1"));
        Comparison.Step s = Comparison.Step.random(NORMED, 5, r);
        ReferenceNetwork ref = new ReferenceNetwork(NORMED).withFrozen(Set.of("c1", "bn1"));
        ReferenceNetwork.Gradients g = ref.gradientsWithScales(Comparison.widen(s.params()), Comparison.widen(before),
                Comparison.widen(s.input()), 5, s.labels(), null, true, 9);
        ReferenceNetwork.Scales scales = g.scales();
        pass.forward(s.params(), s.input(), 5, true, 9);
        int f1 = 4;
        float[] after = pass.state();
        for (int i = 0; i < 2 * f1 + 1; i++) {
            assertEquals(before[i], after[i], "bn1's running statistic " + i + " kept bit for bit");
        }
        // every element within its own error bound (issue 27 item 3), not the vector's largest value
        Comparison.compare(NORMED, "running statistics", after, 0, 0, g.state(), scales.state(), 0, after.length);
        for (int i = 0; i < NORMED.layers().size(); i++) {
            Comparison.compare(NORMED, "output of " + NORMED.layers().get(i).name(), pass.layerOutput(i), 0, 0,
                    g.outputs()[i], scales.outputs()[i], 0, g.outputs()[i].length);
        }
        pass.loss(s.labels(), null, 5);
        float[] grads = new float[NORMED.parameterCount()];
        float[] inputGrad = new float[s.input().length];
        pass.backward(s.params(), grads, inputGrad, 5);
        for (ParamSpec p : NORMED.params()) {
            if (Set.of("c1", "bn1").contains(NORMED.layers().get(p.layerIndex()).name())) {
                for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                    assertEquals(0f, grads[i], p.name() + " is frozen: not computed, the buffer keeps its 0");
                }
            } else {
                Comparison.compare(NORMED, p.name() + " gradient", grads, 0, 0, g.params(), scales.params(), p.offset(),
                        p.size());
            }
        }
        Comparison.compare(NORMED, "input gradient (through the frozen layers, asked for)", inputGrad, 0, 0, g.input(),
                scales.input(), 0, inputGrad.length);
    }
}
