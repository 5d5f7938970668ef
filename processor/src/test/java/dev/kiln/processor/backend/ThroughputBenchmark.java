package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * LeNet-5 training-step throughput, generated Java backend against the naive reference, printed
 * side by side (a figure for the report, never a timed assertion). What it asserts is that both sides
 * do the same work: from the same parameters, their first three Adam steps on the benchmark's batch
 * give the same losses (relative 1e-4), and those losses fall. Tagged
 * {@code benchmark}: {@code -Dkiln.test.exclude=none -Dgroups=benchmark}.
 */
@Tag("benchmark")
class ThroughputBenchmark {
    private static final int BATCH = 64;

    @Test
    void leNet5TrainingThroughput() {
        KilnModel model = Specs.model("LeNet5");
        OptimizerConfig adam = OptimizerConfig.adam().build();
        double java;
        double reference;
        float[] params = dev.kiln.runtime.init.Initializers.initialize(model.spec(), 1);
        double[] javaLosses;
        double[] referenceLosses;
        try (Backend b = new JavaBackend(model, adam)) {
            b.setParameters(params);
            javaLosses = firstLosses(b);
            java = imagesPerSecond(b, 30, 60);
        }
        try (Backend b = new ReferenceBackend(model.spec(), adam)) {
            b.setParameters(params);
            referenceLosses = firstLosses(b);
            reference = imagesPerSecond(b, 2, 6);
        }
        // the two sides do the same work: from the same parameters, the same three Adam steps' losses, falling
        for (int i = 0; i < javaLosses.length; i++) {
            assertEquals(referenceLosses[i], javaLosses[i], 1e-4 * Math.abs(referenceLosses[i]),
                    "loss of step " + i + ": java " + Arrays.toString(javaLosses) + ", reference " + Arrays.toString(referenceLosses));
        }
        assertTrue(javaLosses[2] < javaLosses[0], "three steps on one batch lower its loss: " + Arrays.toString(javaLosses));
        assertTrue(java > 0 && reference > 0 && Double.isFinite(java / reference), java + " and " + reference + " images/s");
        System.out.printf(Locale.ROOT, "LeNet-5 training, batch %d, %d cores: java %.0f images/s, reference %.0f images/s, ratio %.1fx%n",
                BATCH, Runtime.getRuntime().availableProcessors(), java, reference, java / reference);
    }

    /** The losses of three training steps on the benchmark's batch. */
    private static double[] firstLosses(Backend b) {
        double[] losses = new double[3];
        float[] input = batch(b);
        b.plan(BATCH);
        for (int i = 0; i < losses.length; i++) {
            losses[i] = b.trainStep(input, labels(), null, BATCH, 1e-3, i, null);
        }
        return losses;
    }

    private static float[] batch(Backend b) {
        SplittableRandom r = new SplittableRandom(1);
        float[] input = new float[BATCH * b.spec().input().intSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextDouble();
        }
        return input;
    }

    private static int[] labels() {
        SplittableRandom r = new SplittableRandom(2);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = r.nextInt(10);
        }
        return labels;
    }

    private static double imagesPerSecond(Backend b, int warmup, int steps) {
        float[] input = batch(b);
        int[] labels = labels();
        b.plan(BATCH);
        for (int i = 0; i < warmup; i++) {
            b.trainStep(input, labels, null, BATCH, 1e-3, i, null);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            b.trainStep(input, labels, null, BATCH, 1e-3, i, null);
        }
        return (double) steps * BATCH / ((System.nanoTime() - t0) * 1e-9);
    }
}
