package dev.kiln.processor.javagen;

import dev.kiln.reference.RandomGraphs;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The long run of the random-graph parity (tag {@code long}): thousands of random networks over the
 * whole grammar, half of them with adversarial layer names, generated Java against the reference
 * ({@code -Dkiln.javagen.longGraphs=N}, 2,000 by default), compiled in batches of 200.
 */
@Tag("long")
class LongRandomGraphsTest {

    @Test
    void thousandsOfRandomGraphsMatchTheReference() {
        int count = Integer.getInteger("kiln.javagen.longGraphs", 2_000);
        SplittableRandom r = new SplittableRandom(424242);
        Random data = new Random(5);
        WorkerPool three = new WorkerPool(3);
        for (int start = 0; start < count; start += 200) {
            List<NetworkSpec> specs = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 200); i++) {
                specs.add(RandomGraphs.next(r, "t.long.Graph" + i, i % 2 == 1));
            }
            GeneratedPasses compiled = GeneratedPasses.compile(specs);
            for (NetworkSpec spec : specs) {
                JavaPass pass = compiled.newPass(spec, three);
                int batch = 2 + data.nextInt(5);
                pass.plan(batch + data.nextInt(3));
                Comparison.check(pass, spec, Comparison.Step.random(spec, batch, data), true, data.nextLong());
                Comparison.check(pass, spec, Comparison.Step.random(spec, batch, data), data.nextBoolean(), data.nextLong());
            }
        }
    }
}
