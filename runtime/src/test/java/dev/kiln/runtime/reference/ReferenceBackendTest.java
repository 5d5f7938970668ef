package dev.kiln.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reference as a backend: it learns a separable problem, and its float API agrees with the double reference. */
class ReferenceBackendTest {
    private static final int SIDE = 6;

    /** A conv, a max pool and a softmax classifier over 6x6 images of 3 classes. */
    private static NetworkSpec tinyNet() {
        return NetworkSpec.builder("test.Tiny", 1, SIDE, SIDE, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.DEFAULT)
                .maxPool("s1", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .flatten("flat")
                .dense("f1", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    /**
     * Class 0 is a horizontal bar, class 1 a vertical bar, class 2 a diagonal, each at a random
     * position, over uniform noise in [0, 0.3): separable by a 3x3 conv, but not by position.
     */
    private static void sample(SplittableRandom random, float[] images, int[] labels, int count) {
        for (int n = 0; n < count; n++) {
            int label = random.nextInt(3);
            labels[n] = label;
            int offset = n * SIDE * SIDE;
            for (int i = 0; i < SIDE * SIDE; i++) {
                images[offset + i] = (float) random.nextDouble(0, 0.3);
            }
            int at = random.nextInt(1, SIDE - 1);
            for (int k = 0; k < SIDE; k++) {
                int row = label == 0 ? at : k;
                int col = label == 1 ? at : k;
                images[offset + row * SIDE + col] = 1;
            }
        }
    }

    @Test
    void learnsASeparableProblem() {
        NetworkSpec spec = tinyNet();
        int batch = 16;
        try (ReferenceBackend backend = new ReferenceBackend(spec, OptimizerConfig.adam().build())) {
            backend.plan(batch);
            backend.setParameters(Initializers.initialize(spec, 5));
            SplittableRandom random = new SplittableRandom(17);
            float[] images = new float[batch * SIDE * SIDE];
            int[] labels = new int[batch];
            double firstLoss = 0, lastLoss = 0;
            for (int step = 0; step < 300; step++) {
                sample(random, images, labels, batch);
                double loss = backend.trainStep(images, labels, null, batch, 0.01, step, null);
                firstLoss = step == 0 ? loss : firstLoss;
                lastLoss = loss;
            }
            assertTrue(lastLoss < firstLoss, "loss fell from " + firstLoss + " to " + lastLoss);

            int test = 300;
            float[] testImages = new float[test * SIDE * SIDE];
            int[] testLabels = new int[test];
            sample(new SplittableRandom(99), testImages, testLabels, test);
            float[] outputs = new float[test * 3];
            ReferenceBackend predictor = new ReferenceBackend(spec, OptimizerConfig.adam().build());
            float[] params = new float[spec.parameterCount()];
            backend.getParameters(params);
            predictor.setParameters(params);
            predictor.predict(testImages, test, outputs);
            int correct = 0;
            for (int n = 0; n < test; n++) {
                int best = 0;
                for (int k = 1; k < 3; k++) {
                    best = outputs[n * 3 + k] > outputs[n * 3 + best] ? k : best;
                }
                correct += best == testLabels[n] ? 1 : 0;
            }
            assertTrue(correct > 0.95 * test, "accuracy " + correct + "/" + test);
        }
    }

    @Test
    void floatApiAgreesWithTheDoubleReference() {
        NetworkSpec spec = tinyNet();
        float[] params = Initializers.initialize(spec, 8);
        float[] images = new float[2 * SIDE * SIDE];
        int[] labels = new int[2];
        sample(new SplittableRandom(3), images, labels, 2);
        ReferenceBackend backend = new ReferenceBackend(spec, OptimizerConfig.sgd().build());
        backend.setParameters(params);

        double[] dp = new double[params.length];
        for (int i = 0; i < dp.length; i++) {
            dp[i] = params[i];
        }
        double[] dx = new double[images.length];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = images[i];
        }
        ReferenceNetwork net = new ReferenceNetwork(spec);
        ReferenceNetwork.Gradients g = net.gradients(dp, dx, 2, labels, null, true, 0);

        float[] pooled = new float[2 * spec.layers().get(1).output().intSize()];
        backend.layerOutput(1, images, 2, pooled);
        double[] expectedPool = net.forward(dp, dx, 2, false, 0)[1];
        for (int i = 0; i < pooled.length; i++) {
            assertEquals(expectedPool[i], pooled[i], 1e-6 * Math.max(1, Math.abs(expectedPool[i])));
        }

        // plain SGD with rate 1 leaves params - grads, so the step exposes the reference's gradient
        float[] outputs = new float[2 * 3];
        double loss = backend.trainStep(images, labels, null, 2, 1.0, 0, outputs);
        assertEquals(g.loss(), loss, 1e-12);
        float[] after = new float[params.length];
        backend.getParameters(after);
        float[] expected = new float[params.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) (params[i] - (double) (float) g.params()[i]);
        }
        assertArrayEquals(expected, after, 1e-6f);
        double[] out = g.outputs()[g.outputs().length - 1];
        for (int i = 0; i < outputs.length; i++) {
            assertEquals(out[i], outputs[i], 1e-5 * Math.max(1, Math.abs(out[i])));
        }
    }
}
