package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cost of augmentation per training step: LeNet-5 against LeNet-5 behind a flip, a shift and
 * a rotation ({@code AugmentedLeNet5}), Java backend on one worker (the calling thread), batch 32,
 * in interleaved chunks of 10 steps. Each chunk is timed in the thread's CPU time, which other
 * processes on a loaded machine do not inflate (the wall time is printed too); the report gives
 * the median chunk of each and their ratio. A report, not a timed assertion (it asserts that the two
 * networks differ only by the augmentation: the same predictions from the same parameters, other
 * training outputs):
 * {@code mvn -B verify -pl processor -am -Dkiln.test.exclude=none -Dgroups=benchmark -Dtest=AugmentCostBenchmark}.
 */
@Tag("benchmark")
class AugmentCostBenchmark {
    private static final int BATCH = 32;
    private static final int STEPS = 10;
    private static final int CHUNKS = Integer.getInteger("kiln.augment.chunks", 15);

    @Test
    void augmentationCostPerLeNet5Step() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        WorkerPool one = new WorkerPool(1);
        KilnModel plain = Specs.model("LeNet5");
        KilnModel augmented = Specs.model("AugmentedLeNet5");
        SplittableRandom r = new SplittableRandom(1);
        float[] input = new float[BATCH * 784];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextDouble();
        }
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = r.nextInt(10);
        }
        OptimizerConfig sgd = OptimizerConfig.sgd().momentum(0.9).build();
        try (JavaBackend a = new JavaBackend(plain, sgd, one); JavaBackend b = new JavaBackend(augmented, sgd, one)) {
            a.plan(BATCH);
            b.plan(BATCH);
            // what is measured is the augmentation and nothing else: with the same parameters the two networks
            // predict the same (augmentation is off in inference), and the augmented one trains on other pictures
            float[] params = dev.kiln.runtime.init.Initializers.initialize(plain.spec(), 1);
            a.setParameters(params);
            b.setParameters(params);
            float[] plainOut = new float[BATCH * 10];
            float[] augmentedOut = new float[BATCH * 10];
            a.predict(input, BATCH, plainOut);
            b.predict(input, BATCH, augmentedOut);
            for (int i = 0; i < plainOut.length; i++) {
                assertEquals(plainOut[i], augmentedOut[i], 1e-5f * Math.max(1, Math.abs(plainOut[i])), "inference output " + i);
            }
            a.trainStep(input, labels, null, BATCH, 0.001, 0, plainOut);
            b.trainStep(input, labels, null, BATCH, 0.001, 0, augmentedOut);
            assertFalse(Arrays.equals(plainOut, augmentedOut), "the augmented network's training step sees augmented pictures");
            long[][] cpu = new long[2][CHUNKS];
            long[][] wall = new long[2][CHUNKS];
            long step = 0;
            for (int warm = 0; warm < 3 * STEPS; warm++) {
                a.trainStep(input, labels, null, BATCH, 0.001, step, null);
                b.trainStep(input, labels, null, BATCH, 0.001, step++, null);
            }
            for (int c = 0; c < CHUNKS; c++) {
                for (int which = 0; which < 2; which++) {
                    JavaBackend backend = (c + which) % 2 == 0 ? a : b; // alternate which goes first
                    int slot = backend == a ? 0 : 1;
                    long t0 = threads.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    for (int s = 0; s < STEPS; s++) {
                        backend.trainStep(input, labels, null, BATCH, 0.001, step++, null);
                    }
                    cpu[slot][c] = threads.getCurrentThreadCpuTime() - t0;
                    wall[slot][c] = System.nanoTime() - w0;
                }
            }
            double cpuA = median(cpu[0]) / STEPS / 1e6;
            double cpuB = median(cpu[1]) / STEPS / 1e6;
            double wallA = median(wall[0]) / STEPS / 1e6;
            double wallB = median(wall[1]) / STEPS / 1e6;
            System.out.printf(java.util.Locale.ROOT,
                    "augmentation cost, batch %d, 1 worker, %d chunks of %d steps, load average %.1f on %d cores:%n"
                            + "  LeNet5           %.2f ms CPU per step (wall %.2f ms)%n"
                            + "  AugmentedLeNet5  %.2f ms CPU per step (wall %.2f ms)%n"
                            + "  augmentation: +%.1f%% CPU (+%.1f%% wall)%n",
                    BATCH, CHUNKS, STEPS, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors(), cpuA, wallA, cpuB, wallB, 100 * (cpuB / cpuA - 1),
                    100 * (wallB / wallA - 1));
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
