package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.reference.RandomGraphs;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code predict} keeps a tile of images' intermediate outputs in small per-worker buffers; with batch-norm
 * folding off, its output must be bit for bit that of {@code forward} at inference, for chains, graphs (fan-out, merges, batch
 * norm) and random networks, over worker counts and batches that do not fill the last tile. After it,
 * loss and backward refuse to run on the incomplete layer outputs.
 */
class JavaPassPredictTest {

    private static List<NetworkSpec> specs() {
        List<NetworkSpec> specs = new ArrayList<>(List.of(Specs.leNet5("t.predict.a"), Specs.fashionCnn("t.predict.b"),
                Specs.edgeDetector("t.predict.c")));
        specs.addAll(GraphSpecs.all("t.predict.g"));
        SplittableRandom r = new SplittableRandom(20261129);
        for (int i = 0; i < 24; i++) {
            specs.add(RandomGraphs.next(r, "t.predict.r.Net" + i, i % 3 == 2));
        }
        return specs;
    }

    @Test
    void predictGivesForwardsOutputBitForBit() {
        List<NetworkSpec> specs = specs();
        GeneratedPasses compiled = GeneratedPasses.compile(specs);
        int lean = 0;
        for (int workers : new int[] {1, 2, 3}) {
            WorkerPool pool = new WorkerPool(workers);
            for (NetworkSpec spec : specs) {
                for (int batch : new int[] {1, 7, 37}) {
                    Comparison.Step s = Comparison.Step.random(spec, batch, new Random(batch * 31L + workers));
                    JavaPass pass = compiled.newPass(spec, pool);
                    pass.plan(batch + 3);
                    pass.forward(s.params(), s.input(), batch, false, 0L);
                    int size = batch * spec.output().intSize();
                    float[] expected = Arrays.copyOf(pass.output(), size);
                    Arrays.fill(pass.output(), Float.NaN);
                    // folding batch norms into convs changes the rounding (BatchNormFoldingPassTest)
                    pass.setBatchNormFolding(false);
                    pass.predict(s.params(), s.input(), batch);
                    String at = spec.simpleName() + ", " + workers + " worker(s), batch " + batch;
                    assertArrayEquals(expected, Arrays.copyOf(pass.output(), size), at);
                    boolean ownPredict = hasOwnPredict(pass);
                    lean += ownPredict ? 1 : 0;
                    if (ownPredict) {
                        assertThrows(RuntimeException.class, () -> pass.loss(s.labels(), s.targets(), batch), at + ": loss after predict");
                    }
                }
            }
        }
        assertTrue(lean >= 3 * 3 * 3, "the chains and most graphs run lean, but only " + lean + " runs did");
    }

    private static boolean hasOwnPredict(JavaPass pass) {
        try {
            return pass.getClass().getDeclaredMethod("predict", float[].class, float[].class, int.class) != null;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
