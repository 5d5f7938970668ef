package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.processor.opencl.SampleModels;
import dev.kiln.reference.GrammarCoverage;
import dev.kiln.reference.RandomGraphs;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rung 4: the generated float code against the double-precision reference, for every layer kind
 * and option, the sample networks and random valid networks over the whole grammar (branches,
 * merges, batch norm, fan-out; {@link RandomGraphs}, {@code -Dkiln.javagen.random=N}, 100 by default), in training with dropout and at inference, with batches of 1 and more and
 * buffers planned for more than the batch.
 */
class JavaPassReferenceTest {
    private static final int RANDOM_NETWORKS = Integer.getInteger("kiln.javagen.random", 100);
    private static final List<Specs.Case> OPTIONS = Specs.optionTable();
    private static final List<NetworkSpec> RANDOM = randomSpecs();
    private static GeneratedPasses compiled;

    private static List<NetworkSpec> randomSpecs() {
        SplittableRandom r = new SplittableRandom(20261123);
        List<NetworkSpec> specs = new ArrayList<>();
        for (int i = 0; i < RANDOM_NETWORKS; i++) {
            specs.add(RandomGraphs.next(r, "t.random.Net" + i, i % 3 == 2)); // every third with adversarial names
        }
        return specs;
    }

    /** The random networks exercise every graph kind, fan-out and batch norm's sync points, not only chains. */
    @Test
    void theRandomNetworksCoverTheGrammar() {
        int adds = 0, concats = 0, norms = 0, gaps = 0, fanOut = 0, syncs = 0, chains = 0;
        for (NetworkSpec spec : RANDOM) {
            Schedule s = Schedule.of(spec);
            for (var op : spec.layers()) {
                switch (op.kind()) {
                    case ADD -> adds++;
                    case CONCAT -> concats++;
                    case BATCH_NORM -> norms++;
                    case GLOBAL_AVG_POOL2D -> gaps++;
                    default -> { }
                }
            }
            fanOut += s.steps().stream().anyMatch(st -> st.reads().stream().anyMatch(Schedule.Read::accumulates)) ? 1 : 0;
            syncs += s.syncPoints(true).isEmpty() ? 0 : 1;
            chains += spec.isChain() ? 1 : 0;
        }
        int n = RANDOM.size();
        assertTrue(adds > n / 10 && concats > n / 10 && norms > n / 10 && gaps > n / 10 && fanOut > n / 10 && syncs > n / 10
                        && chains > n / 20,
                "adds " + adds + ", concats " + concats + ", batch norms " + norms + ", global pools " + gaps
                        + ", networks with fan-out " + fanOut + ", with sync points " + syncs + ", chains " + chains + " in " + n);
        Map<String, Integer> counts = GrammarCoverage.of(RANDOM);
        List<String> missing = GrammarCoverage.missing(counts, 3 * n / 100);
        assertTrue(missing.isEmpty(), "features in fewer networks than required: " + missing + "; all counts " + counts);
    }

    @BeforeAll
    static void compileAll() {
        List<NetworkSpec> all = new ArrayList<>();
        OPTIONS.forEach(c -> all.add(c.spec()));
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

    /**
     * The samples as they ship (issue 27 item 2): their own generated models and Java passes, compiled from
     * {@code samples/src/main/java} ({@link SampleModels}), not hand copies of their specs; each in training (with
     * its dropout, batch statistics and running-statistics update) with a batch of 2, and at inference with one
     * image, in a pass planned for 3.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleMatchesTheReference(String name) {
        KilnModel model = SampleModels.model(name);
        NetworkSpec spec = model.spec();
        JavaPass pass = model.newJavaPass();
        pass.plan(3);
        Random r = new Random(name.hashCode());
        Comparison.check(pass, spec, Comparison.Step.random(spec, 2, r), true, 77);
        Comparison.check(pass, spec, Comparison.Step.random(spec, 1, r), false, 78);
    }

    static Stream<String> samples() {
        return SampleModels.NAMES.stream();
    }

    @Test
    void randomNetworksMatchTheReference() {
        Random r = new Random(99);
        for (NetworkSpec spec : RANDOM) {
            JavaPass pass = compiled.newPass(spec);
            int batch = 2 + r.nextInt(4); // batch norm needs two values per feature to have a variance
            pass.plan(batch + r.nextInt(3));
            Comparison.check(pass, spec, Comparison.Step.random(spec, batch, r), true, r.nextLong());
            Comparison.check(pass, spec, Comparison.Step.random(spec, 1, r), r.nextBoolean(), r.nextLong());
        }
    }
}
