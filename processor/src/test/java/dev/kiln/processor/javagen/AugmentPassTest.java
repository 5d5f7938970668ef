package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.FlipMode;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.Augment;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated Java code of the augmentation layers: against the double-precision reference
 * ({@code ReferenceAugment}) for the draws of fixed seeds, in training (every layer's output, the
 * parameter gradients behind them and the adjoint's input gradient) and at inference; the identity
 * cases bit for bit; and evaluation bit for bit the same as the network without them.
 */
class AugmentPassTest {
    private static final List<Case> CASES = cases();
    private static GeneratedPasses compiled;

    record Case(String label, NetworkSpec spec) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A small conv head after the augmentation layers, on a non-square (2, 7, 9) input. */
    static NetworkSpec network(String name, Augment... transforms) {
        SpecBuilder b = SpecBuilder.of("t.aug." + name, 2, 7, 9, Loss.SOFTMAX_CROSS_ENTROPY);
        for (int i = 0; i < transforms.length; i++) {
            b.augment("aug" + i, transforms[i]);
        }
        return head(b);
    }

    static NetworkSpec head(SpecBuilder b) {
        return b.conv("c1", 3, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH,
                        Init.DEFAULT)
                .flatten("flat")
                .dense("out", 4, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (FlipMode m : FlipMode.values()) {
            out.add(new Case("flip " + m, network("Flip" + m, new Augment.Flip(m))));
        }
        for (FillMode f : FillMode.values()) {
            out.add(new Case("translation " + f, network("Translation" + f, new Augment.Translation(0.3, 0.4, f))));
            out.add(new Case("rotation " + f, network("Rotation" + f, new Augment.Rotation(40, f))));
            out.add(new Case("zoom " + f, network("Zoom" + f, new Augment.Zoom(0.5, f))));
        }
        out.add(new Case("contrast", network("Contrast", new Augment.Contrast(0.6))));
        out.add(new Case("all five in a row", network("All", new Augment.Flip(FlipMode.BOTH),
                new Augment.Rotation(15, FillMode.REFLECT), new Augment.Zoom(0.1, FillMode.NEAREST),
                new Augment.Translation(0.1, 0.1, FillMode.ZEROS), new Augment.Contrast(0.2))));
        return out;
    }

    static final NetworkSpec IDENTITY = network("Identity", new Augment.Rotation(0, FillMode.ZEROS),
            new Augment.Translation(0, 0, FillMode.REFLECT), new Augment.Zoom(0, FillMode.NEAREST));
    static final NetworkSpec PLAIN = head(SpecBuilder.of("t.aug.Plain", 2, 7, 9, Loss.SOFTMAX_CROSS_ENTROPY));

    @BeforeAll
    static void compileAll() {
        List<NetworkSpec> all = new ArrayList<>();
        CASES.forEach(c -> all.add(c.spec()));
        all.add(IDENTITY);
        all.add(PLAIN);
        compiled = GeneratedPasses.compile(all);
    }

    static Stream<Case> cases2() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases2")
    void matchesTheReferenceInTrainingAndInference(Case c) {
        Random r = new Random(c.label().hashCode());
        JavaPass pass = compiled.newPass(c.spec());
        pass.plan(6);
        Comparison.check(pass, c.spec(), Comparison.Step.random(c.spec(), 6, r), true, 101);
        Comparison.check(pass, c.spec(), Comparison.Step.random(c.spec(), 1, r), true, 102);
        Comparison.check(pass, c.spec(), Comparison.Step.random(c.spec(), 3, r), false, 103);
    }

    /** In training the layers do move the pixels (a test that could not fail otherwise). */
    @Test
    void trainingChangesTheImagesAndEachStepDrawsAgain() {
        NetworkSpec spec = CASES.get(CASES.size() - 1).spec();
        JavaPass pass = compiled.newPass(spec);
        pass.plan(4);
        Comparison.Step s = Comparison.Step.random(spec, 4, new Random(3));
        int last = 4; // the contrast layer, after the other four
        pass.forward(s.params(), s.input(), 4, true, 1);
        float[] first = pass.layerOutput(last).clone();
        pass.forward(s.params(), s.input(), 4, true, 1);
        assertArrayEquals(first, pass.layerOutput(last), "the same seed draws the same transforms");
        pass.forward(s.params(), s.input(), 4, true, 2);
        assertFalse(java.util.Arrays.equals(first, pass.layerOutput(last)), "another step's seed draws other transforms");
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(first, s.input().length), s.input()),
                "training changed the images");
    }

    /** Zero rotation, translation and zoom leave every image bit for bit unchanged, in training. */
    @Test
    void zeroRangesAreTheIdentityBitForBit() {
        JavaPass pass = compiled.newPass(IDENTITY);
        pass.plan(5);
        Comparison.Step s = Comparison.Step.random(IDENTITY, 5, new Random(4));
        for (long seed = 1; seed <= 3; seed++) {
            pass.forward(s.params(), s.input(), 5, true, seed);
            for (int l = 0; l < 3; l++) {
                assertArrayEquals(s.input(), java.util.Arrays.copyOf(pass.layerOutput(l), s.input().length),
                        "layer " + l + ", seed " + seed);
            }
        }
    }

    /** Evaluation with augmentation layers is bit for bit evaluation without them, on the same parameters. */
    @Test
    void evaluationIsUnchangedBitForBit() {
        for (Case c : CASES) {
            JavaPass with = compiled.newPass(c.spec());
            JavaPass without = compiled.newPass(PLAIN);
            with.plan(5);
            without.plan(5);
            Comparison.Step s = Comparison.Step.random(PLAIN, 5, new Random(c.label().hashCode()));
            assertTrue(c.spec().parameterCount() == PLAIN.parameterCount());
            with.forward(s.params(), s.input(), 5, false, 9);
            without.forward(s.params(), s.input(), 5, false, 9);
            assertArrayEquals(without.output(), with.output(), c.label());
        }
    }
}
