package dev.kiln.processor.javagen;

import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rung 4: the generated float code against the double-precision reference, for every layer kind
 * and option, the sample networks and random valid networks ({@code -Dkiln.javagen.random=N},
 * 100 by default), in training with dropout and at inference, with batches of 1 and more and
 * buffers planned for more than the batch.
 */
class JavaPassReferenceTest {
    private static final int RANDOM_NETWORKS = Integer.getInteger("kiln.javagen.random", 100);
    private static final List<Specs.Case> OPTIONS = Specs.optionTable();
    private static final List<NetworkSpec> RANDOM = randomSpecs();
    private static GeneratedPasses compiled;

    private static List<NetworkSpec> randomSpecs() {
        Random r = new Random(20261123);
        List<NetworkSpec> specs = new ArrayList<>();
        for (int i = 0; i < RANDOM_NETWORKS; i++) {
            specs.add(Specs.random(r, i));
        }
        return specs;
    }

    @BeforeAll
    static void compileAll() {
        List<NetworkSpec> all = new ArrayList<>();
        OPTIONS.forEach(c -> all.add(c.spec()));
        all.add(Specs.leNet5("t.nets"));
        all.add(Specs.fashionCnn("t.nets"));
        all.add(Specs.edgeDetector("t.nets"));
        all.addAll(RANDOM);
        compiled = GeneratedPasses.compile(all);
    }

    static Stream<Specs.Case> options() {
        return OPTIONS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void everyLayerOptionMatchesTheReference(Specs.Case c) {
        Random r = new Random(c.label().hashCode());
        JavaPass pass = compiled.newPass(c.spec());
        pass.plan(7);
        Comparison.check(pass, c.spec(), Comparison.Step.random(c.spec(), 5, r), true, 11);
        Comparison.check(pass, c.spec(), Comparison.Step.random(c.spec(), 1, r), true, 12);
        Comparison.check(pass, c.spec(), Comparison.Step.random(c.spec(), 3, r), false, 13);
    }

    @Test
    void leNet5MatchesTheReference() {
        NetworkSpec spec = Specs.leNet5("t.nets");
        JavaPass pass = compiled.newPass(spec);
        pass.plan(6);
        Random r = new Random(5);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 4, r), true, 1);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 1, r), false, 2);
    }

    @Test
    void fashionCnnMatchesTheReferenceWithDropout() {
        NetworkSpec spec = Specs.fashionCnn("t.nets");
        JavaPass pass = compiled.newPass(spec);
        pass.plan(4);
        Random r = new Random(6);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 3, r), true, 77);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 1, r), false, 78);
    }

    @Test
    void edgeDetectorMatchesTheReference() {
        NetworkSpec spec = Specs.edgeDetector("t.nets");
        JavaPass pass = compiled.newPass(spec);
        pass.plan(8);
        Random r = new Random(7);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 8, r), true, 3);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 1, r), true, 4);
    }

    @Test
    void randomNetworksMatchTheReference() {
        Random r = new Random(99);
        for (NetworkSpec spec : RANDOM) {
            JavaPass pass = compiled.newPass(spec);
            int batch = 1 + r.nextInt(5);
            pass.plan(batch + r.nextInt(3));
            Comparison.check(pass, spec, Comparison.Step.random(spec, batch, r), true, r.nextLong());
            Comparison.check(pass, spec, Comparison.Step.random(spec, 1, r), r.nextBoolean(), r.nextLong());
        }
    }
}
