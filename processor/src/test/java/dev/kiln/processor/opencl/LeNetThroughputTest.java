package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Long runs, tagged {@code long} and so off by default ({@code -Dkiln.test.exclude=none -Dgroups=long}):
 * LeNet-5's training throughput on OpenCL (images/s, batch 64; printed, not asserted: it asserts that the
 * timed steps lowered their batch's loss and gave finite outputs), and LeNet-5 trained on
 * Fashion-MNIST for 3 epochs (Adam, lr 1e-3, batch 64) against Deeplearning4j's 0.876 less a margin of 0.015.
 */
@Tag("long")
class LeNetThroughputTest {
    /**
     * The bar's source, outside Kiln: Deeplearning4j's LeNet-5 with the same recipe (Adam 1e-3, batch 64, 3 epochs)
     * reached 0.876 to 0.881 across seeds (issue 3); the low end, as {@code tool}'s {@code LongRunsTest} uses it.
     */
    static final double DL4J_LENET5 = 0.876;
    /**
     * Three times the 0.005 by which two LeNet-5 runs differ when only the summation order changes (the README's
     * Java 0.8752 and OpenCL 0.8798 runs), as {@code LongRunsTest.MARGIN}. The bar was 0.875, Kiln's own Java figure
     * less 0.0002.
     */
    static final double MARGIN = 0.015;

    private static final Path FASHION = Path.of(System.getProperty("kiln.fashion", "/usr/share/datasets/fashion-mnist"));

    @Test
    void trainingThroughput() {
        OpenClTestSupport.requireOpenCl();
        NetworkSpec spec = SampleModels.model("LeNet5").spec();
        int batch = Integer.getInteger("kiln.opencl.batch", 64);
        Random r = new Random(1);
        float[] input = new float[batch * 784];
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat();
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(spec, GeneratedPrograms.load(spec),
                Integer.getInteger("kiln.device", -1), OptimizerConfig.adam().build())) {
            b.plan(batch);
            b.setParameters(Initializers.initialize(spec, 1));
            double first = b.trainStep(input, labels, null, batch, 1e-3, 0, null);
            for (int i = 1; i < 5; i++) {
                b.trainStep(input, labels, null, batch, 1e-3, i, null); // compile every kernel variant first
            }
            int steps = Integer.getInteger("kiln.opencl.steps", 50);
            long t0 = System.nanoTime();
            double last = first;
            for (int i = 0; i < steps; i++) {
                last = b.trainStep(input, labels, null, batch, 1e-3, i, null);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            float[] out = new float[batch * 10];
            t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                b.predict(input, batch, out);
            }
            double inferSeconds = (System.nanoTime() - t0) / 1e9;
            // what was timed is training: the steps learned the batch, and every kernel ran
            assertTrue(last < first, "the timed Adam steps on one batch lower its loss: " + first + " -> " + last);
            for (float v : out) {
                assertTrue(Float.isFinite(v), "inference output " + v);
            }
            if (Boolean.getBoolean("kiln.opencl.profile")) {
                assertTrue(!b.kernelNanos().isEmpty() && b.kernelNanos().values().stream().allMatch(ns -> ns > 0),
                        "every kernel launched was timed: " + b.kernelNanos());
            }
            System.out.printf("LeNet-5 on %s, batch %d: training %.0f images/s, inference %.0f images/s%n",
                    b.description(), batch, steps * batch / seconds, steps * batch / inferSeconds);
            b.kernelNanos().entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                    .forEach(e -> System.out.printf("  %-24s %8.1f ms%n", e.getKey(), e.getValue() / 1e6));
        }
    }

    @Test
    void fashionMnistThreeEpochs() throws IOException {
        OpenClTestSupport.requireOpenCl();
        float[] trainX = images(FASHION.resolve("train-images-idx3-ubyte.gz"));
        int[] trainY = labels(FASHION.resolve("train-labels-idx1-ubyte.gz"));
        float[] testX = images(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
        int[] testY = labels(FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        NetworkSpec spec = SampleModels.model("LeNet5").spec();
        int batch = 64;
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(spec, GeneratedPrograms.load(spec),
                Integer.getInteger("kiln.device", -1), OptimizerConfig.adam().build())) {
            b.plan(batch);
            b.setParameters(Initializers.initialize(spec, 7));
            int n = trainY.length;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Random r = new Random(7);
            float[] x = new float[batch * 784];
            int[] y = new int[batch];
            long t0 = System.nanoTime();
            for (int epoch = 1; epoch <= 3; epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int s = 0; s + batch <= n; s += batch) {
                    for (int k = 0; k < batch; k++) {
                        System.arraycopy(trainX, order[s + k] * 784, x, k * 784, 784);
                        y[k] = trainY[order[s + k]];
                    }
                    b.trainStep(x, y, null, batch, 1e-3, epoch * 1_000_000L + s, null);
                }
                System.out.printf("epoch %d: test accuracy %.4f (%.0f s)%n", epoch, accuracy(b, testX, testY),
                        (System.nanoTime() - t0) / 1e9);
            }
            double acc = accuracy(b, testX, testY);
            assertTrue(acc >= DL4J_LENET5 - MARGIN, "LeNet-5 on OpenCL reached " + acc + " after 3 epochs, below the bar "
                    + (DL4J_LENET5 - MARGIN) + " (Deeplearning4j's " + DL4J_LENET5 + " less " + MARGIN + ")");
        }
    }

    private static double accuracy(OpenClBackend b, float[] x, int[] y) {
        int batch = 64;
        int correct = 0;
        float[] out = new float[batch * 10];
        for (int s = 0; s < y.length; s += batch) {
            int m = Math.min(batch, y.length - s);
            float[] in = new float[m * 784];
            System.arraycopy(x, s * 784, in, 0, m * 784);
            b.predict(in, m, out);
            for (int k = 0; k < m; k++) {
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    if (out[k * 10 + c] > out[k * 10 + best]) {
                        best = c;
                    }
                }
                correct += best == y[s + k] ? 1 : 0;
            }
        }
        return correct / (double) y.length;
    }

    /** IDX images scaled to [0, 1]; a test helper, the real loader lives in the runtime's data package. */
    private static float[] images(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + " is not an IDX image file");
            }
            int n = in.readInt(), h = in.readInt(), w = in.readInt();
            byte[] raw = in.readNBytes(n * h * w);
            float[] out = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = (raw[i] & 0xFF) / 255f;
            }
            return out;
        }
    }

    private static int[] labels(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x801) {
                throw new IOException(file + " is not an IDX label file");
            }
            byte[] raw = in.readNBytes(in.readInt());
            int[] out = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = raw[i];
            }
            return out;
        }
    }
}
