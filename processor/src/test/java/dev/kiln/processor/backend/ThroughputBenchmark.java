package dev.kiln.processor.backend;


import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * LeNet-5 training-step throughput, generated Java backend against the naive reference, printed
 * side by side (a figure for the report, never an assertion). Tagged
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
        try (Backend b = new JavaBackend(model, adam)) {
            java = imagesPerSecond(b, 30, 60);
        }
        try (Backend b = new ReferenceBackend(model.spec(), adam)) {
            reference = imagesPerSecond(b, 2, 6);
        }
        System.out.printf(Locale.ROOT, "LeNet-5 training, batch %d, %d cores: java %.0f images/s, reference %.0f images/s, ratio %.1fx%n",
                BATCH, Runtime.getRuntime().availableProcessors(), java, reference, java / reference);
    }

    private static double imagesPerSecond(Backend b, int warmup, int steps) {
        int in = b.spec().input().intSize();
        SplittableRandom r = new SplittableRandom(1);
        float[] input = new float[BATCH * in];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextDouble();
        }
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = r.nextInt(10);
        }
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
