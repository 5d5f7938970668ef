package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.spec.NetworkSpec;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java backend running processor-generated code, step for step against the double-precision reference. */
class GeneratedBackendTest {
    private static final int BATCH = 6;

    @ParameterizedTest
    @ValueSource(strings = {"SmallCnn", "Binary", "Edge"})
    void trainingStepsMatchTheReference(String name) {
        KilnModel model = Specs.model(name);
        NetworkSpec spec = model.spec();
        OptimizerConfig sgd = OptimizerConfig.sgd().momentum(0.9).build();
        try (JavaBackend java = new JavaBackend(model, sgd); ReferenceBackend ref = new ReferenceBackend(spec, sgd)) {
            float[] start = Initializers.initialize(spec, 11);
            java.setParameters(start);
            ref.setParameters(start);
            java.plan(BATCH + 2); // planned bigger than the batch
            ref.plan(BATCH + 2);
            SplittableRandom r = new SplittableRandom(3);
            float[] input = new float[BATCH * spec.input().intSize()];
            int outSize = spec.output().intSize();
            int[] labels = new int[BATCH];
            float[] targets = new float[BATCH * outSize];
            float[] outJava = new float[BATCH * outSize];
            float[] outRef = new float[BATCH * outSize];
            for (int step = 0; step < 5; step++) {
                for (int i = 0; i < input.length; i++) {
                    input[i] = (float) r.nextDouble();
                }
                for (int i = 0; i < BATCH; i++) {
                    labels[i] = r.nextInt(outSize);
                }
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = spec.loss() == Loss.BINARY_CROSS_ENTROPY ? r.nextInt(2) : (float) r.nextGaussian();
                }
                double lj = java.trainStep(input, labels, targets, BATCH, 0.05, 100 + step, outJava);
                double lr = ref.trainStep(input, labels, targets, BATCH, 0.05, 100 + step, outRef);
                assertEquals(lr, lj, 1e-5 + 1e-4 * Math.abs(lr), name + ": loss of step " + step);
                assertClose(outRef, outJava, name + ": training outputs of step " + step);
            }
            assertClose(params(ref), params(java), name + ": parameters after 5 SGD steps");
            ref.predict(input, BATCH, outRef);
            java.predict(input, BATCH, outJava);
            assertClose(outRef, outJava, name + ": inference outputs");
        }
    }

    @Test
    void theSameSeedTrainsTheSameBitsTwice() {
        KilnModel model = Specs.model("SmallCnn");
        Dataset data = randomImages(model.spec(), 300, 5);
        TrainConfig config = TrainConfig.builder().epochs(2).batch(32).seed(4).build();
        float[][] finals = new float[2][];
        History[] histories = new History[2];
        for (int run = 0; run < 2; run++) {
            try (Backend backend = new JavaBackend(model, config.optimizer())) {
                histories[run] = new Trainer(backend, Task.classification(), config).fit(data);
                finals[run] = params(backend);
            }
        }
        assertArrayEquals(finals[0], finals[1]);
        for (int e = 0; e < 2; e++) {
            assertEquals(histories[0].epochs().get(e).trainLoss(), histories[1].epochs().get(e).trainLoss());
            assertEquals(histories[0].epochs().get(e).validationLoss(), histories[1].epochs().get(e).validationLoss());
        }
    }

    static float[] params(Backend b) {
        float[] p = new float[b.spec().parameterCount()];
        b.getParameters(p);
        return p;
    }

    /** {@code n} random images with random labels in the spec's class range. */
    static Dataset randomImages(NetworkSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] images = new float[n * spec.input().intSize()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextDouble();
        }
        int classes = spec.output().intSize();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
        }
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        return new Dataset("random", spec.input(), images, labels, names);
    }

    /** {@code |a - r| <= 1e-5 + 1e-4 |r|} element by element. */
    static void assertClose(float[] ref, float[] actual, String what) {
        assertEquals(ref.length, actual.length, what);
        for (int i = 0; i < ref.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(ref[i]);
            assertTrue(Math.abs(ref[i] - actual[i]) <= tol, what + ": element " + i + " is " + actual[i] + ", reference " + ref[i]);
        }
    }

    @Test
    void aSteadyStateTrainingStepAllocatesNothingOnTheCallingThread() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        KilnModel model = Specs.model("SmallCnn");
        NetworkSpec spec = model.spec();
        Dataset data = randomImages(spec, BATCH, 9);
        float[] outputs = new float[BATCH * spec.output().intSize()];
        try (JavaBackend backend = new JavaBackend(model, OptimizerConfig.adam().build())) {
            backend.plan(BATCH);
            for (int i = 0; i < 3_000; i++) { // warm up: let the JIT compile the step
                backend.trainStep(data.images(), data.labels(), null, BATCH, 1e-4, i, outputs);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 1_000; i++) {
                backend.trainStep(data.images(), data.labels(), null, BATCH, 1e-4, i, outputs);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            // One allocation per step would be at least 16,000 bytes over 1,000 steps.
            assertTrue(allocated < 16_000, allocated + " bytes allocated in 1,000 steady-state steps");
        }
    }
}
