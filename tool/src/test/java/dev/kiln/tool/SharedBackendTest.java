package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.TrainedModel;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 27 item 6: one backend used from several threads at once gives each thread what it would
 * get alone: its operations run one after the other (before, the threads shared the pass's buffers
 * and read each other's activations, or failed inside the pass).
 */
class SharedBackendTest {
    private static final int ROUNDS = 30;

    /** Two threads predicting batches of different sizes, and one reading a layer, on one backend. */
    private static void eachThreadGetsItsOwnAnswer(String backendName) throws Exception {
        KilnModel model = Models.find("LeNet5");
        int in = model.spec().input().intSize();
        SplittableRandom random = new SplittableRandom(3);
        float[][] inputs = {new float[3 * in], new float[7 * in], new float[2 * in]};
        for (float[] input : inputs) {
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextDouble();
            }
        }
        try (Backend backend = Backends.open(model, backendName, -1, TrainedModel.forInference(), null)) {
            backend.setParameters(Initializers.initialize(model.spec(), 1));
            float[] three = new float[3 * 10];
            float[] seven = new float[7 * 10];
            float[] c1 = new float[2 * 6 * 28 * 28];
            backend.predict(inputs[0], 3, three);
            backend.predict(inputs[1], 7, seven);
            backend.layerOutput(0, inputs[2], 2, c1);
            List<Callable<Void>> work = List.of(
                    () -> repeat(() -> {
                        float[] out = new float[three.length];
                        backend.predict(inputs[0], 3, out);
                        assertArrayEquals(three, out, "batch of 3");
                    }),
                    () -> repeat(() -> {
                        float[] out = new float[seven.length];
                        backend.predict(inputs[1], 7, out);
                        assertArrayEquals(seven, out, "batch of 7");
                    }),
                    () -> repeat(() -> {
                        float[] out = new float[c1.length];
                        backend.layerOutput(0, inputs[2], 2, out);
                        assertArrayEquals(c1, out, "c1 of 2 images");
                    }));
            ExecutorService threads = Executors.newFixedThreadPool(work.size());
            try {
                List<Future<Void>> running = new ArrayList<>();
                for (Callable<Void> w : work) {
                    running.add(threads.submit(w));
                }
                for (Future<Void> f : running) {
                    f.get(); // rethrows a thread's failure
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static Void repeat(Runnable r) {
        for (int i = 0; i < ROUNDS; i++) {
            r.run();
        }
        return null;
    }

    @Test
    void javaBackendSharedByThreads() throws Exception {
        eachThreadGetsItsOwnAnswer("java");
    }

    @Test
    void openClBackendSharedByThreads() throws Exception {
        Required.openCl();
        eachThreadGetsItsOwnAnswer("opencl");
    }
}
