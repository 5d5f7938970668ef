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

    /**
     * A pass used for predict only holds its arenas, not forward's buffers: predict on a fresh pass gives forward's output
     * bit for bit (folding off), with fewer floats held than once forward has run (which allocates the rest).
     */
    @Test
    void predictAloneHoldsOnlyItsArenas() throws IllegalAccessException {
        List<NetworkSpec> specs = List.of(Specs.fashionCnn("t.arena.a"), GraphSpecs.all("t.arena.g").get(0), GraphSpecs.all("t.arena.h").get(1));
        GeneratedPasses compiled = GeneratedPasses.compile(specs);
        for (NetworkSpec spec : specs) {
            for (int workers : new int[] {1, 3}) {
                int batch = 5;
                Comparison.Step s = Comparison.Step.random(spec, batch, new Random(3));
                JavaPass reference = compiled.newPass(spec, new WorkerPool(workers));
                reference.plan(batch);
                reference.forward(s.params(), s.input(), batch, false, 0L);
                float[] expected = Arrays.copyOf(reference.output(), batch * spec.output().intSize());
                for (int b : new int[] {batch, 1}) {
                    JavaPass pass = compiled.newPass(spec, new WorkerPool(workers));
                    pass.plan(batch);
                    pass.setBatchNormFolding(false);
                    pass.predict(s.params(), s.input(), b);
                    String at = spec.simpleName() + ", " + workers + " worker(s), batch " + b;
                    assertArrayEquals(Arrays.copyOf(expected, b * spec.output().intSize()),
                            Arrays.copyOf(pass.output(), b * spec.output().intSize()), at);
                    long predictOnly = floatsHeld(pass);
                    pass.forward(s.params(), s.input(), batch, false, 0L);
                    assertTrue(predictOnly < floatsHeld(pass), at + ": predict alone held " + predictOnly + " floats, forward "
                            + floatsHeld(pass));
                }
            }
        }
    }

    /** Floats in the pass's float[] and float[][] fields. */
    private static long floatsHeld(JavaPass pass) throws IllegalAccessException {
        long n = 0;
        for (java.lang.reflect.Field f : pass.getClass().getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(pass);
            if (v instanceof float[] a) {
                n += a.length;
            } else if (v instanceof float[][] a) {
                for (float[] x : a) {
                    n += x == null ? 0 : x.length;
                }
            }
        }
        return n;
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
