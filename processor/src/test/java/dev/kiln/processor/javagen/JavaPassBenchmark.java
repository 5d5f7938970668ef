package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.spec.NetworkSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training-step throughput (forward, loss, backward, Adam step) of the generated LeNet-5 against
 * the naive {@link ReferenceBackend}, in images/s, printed side by side with their ratio. A report,
 * not a timed assertion; it asserts that the two sides do the same work (from the same parameters, the
 * same losses for three Adam steps, relative 1e-4, falling). Run it with
 * {@code mvn -o -pl processor -am test -Dtest=JavaPassBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.test.exclude=none}
 * ({@code -Dkiln.bench.seconds=S} per side, 10 by default).
 */
@Tag("benchmark")
class JavaPassBenchmark {
    private static final int BATCH = 64;

    @Test
    void leNet5Throughput() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        double seconds = Double.parseDouble(System.getProperty("kiln.bench.seconds", "10"));
        NetworkSpec spec = Specs.leNet5("t.bench");
        GeneratedPasses compiled = GeneratedPasses.compile(List.of(spec));
        Random r = new Random(1);
        float[] input = new float[BATCH * spec.input().intSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat();
        }
        int[] labels = new int[BATCH];
        for (int n = 0; n < BATCH; n++) {
            labels[n] = r.nextInt(10);
        }
        float[] params = Initializers.initialize(spec, 7);

        JavaPass pass = compiled.newPass(spec);
        pass.plan(BATCH);
        float[] grads = new float[spec.parameterCount()];
        Optimizer adam = new Optimizer(OptimizerConfig.adam().build(), spec.parameterCount());
        Runnable generated = () -> {
            pass.forward(params, input, BATCH, true, 1);
            pass.loss(labels, null, BATCH);
            java.util.Arrays.fill(grads, 0f);
            pass.backward(params, grads, null, BATCH);
            adam.step(params, grads, 1e-3);
        };
        ReferenceBackend reference = new ReferenceBackend(spec, OptimizerConfig.adam().build());
        reference.plan(BATCH);
        reference.setParameters(Initializers.initialize(spec, 7));
        Runnable naive = () -> reference.trainStep(input, labels, null, BATCH, 1e-3, 1, null);

        // the two sides do the same work: from the same parameters, the same three Adam steps' losses, falling
        double[] generatedLosses = new double[3];
        double[] referenceLosses = new double[3];
        for (int i = 0; i < 3; i++) {
            pass.forward(params, input, BATCH, true, 1);
            generatedLosses[i] = pass.loss(labels, null, BATCH);
            java.util.Arrays.fill(grads, 0f);
            pass.backward(params, grads, null, BATCH);
            adam.step(params, grads, 1e-3);
            referenceLosses[i] = reference.trainStep(input, labels, null, BATCH, 1e-3, 1, null);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(referenceLosses[i], generatedLosses[i], 1e-4 * Math.abs(referenceLosses[i]), "loss of step " + i
                    + ": generated " + java.util.Arrays.toString(generatedLosses) + ", reference "
                    + java.util.Arrays.toString(referenceLosses));
        }
        assertTrue(generatedLosses[2] < generatedLosses[0], "three steps lower the batch's loss");

        double fast = imagesPerSecond(generated, seconds);
        double slow = imagesPerSecond(naive, seconds);
        assertTrue(fast > 0 && slow > 0 && Double.isFinite(fast / slow), fast + " and " + slow + " images/s");
        System.out.printf("LeNet-5 training step, batch %d, %d cores, %d workers (-Dkiln.threads)%n", BATCH,
                Runtime.getRuntime().availableProcessors(), dev.kiln.runtime.java.WorkerPool.shared().workers());
        System.out.printf("  generated Java pass : %10.0f images/s%n", fast);
        System.out.printf("  ReferenceBackend    : %10.0f images/s%n", slow);
        System.out.printf("  ratio               : %10.1fx%n", fast / slow);
    }

    /** Warms up for a third of the time, then counts steps for the rest. */
    private static double imagesPerSecond(Runnable step, double seconds) {
        long warm = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warm) {
            step.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 2 / 3 * 1e9);
        int steps = 0;
        long now;
        do {
            step.run();
            steps++;
            now = System.nanoTime();
        } while (now < end);
        return steps * (double) BATCH / ((now - start) / 1e9);
    }
}
