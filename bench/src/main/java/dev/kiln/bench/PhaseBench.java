package dev.kiln.bench;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where one Kiln Java training step of a sample goes (issue 13): data (the trainer gathering a
 * shuffled batch), forward, loss, backward and the Adam update, each in milliseconds per step on the
 * shared pool (every core, wall-clock), plus the whole step timed as one, which checks the sum.
 *
 * <p>Loss and backward cannot run without what comes before them, so they are differences of
 * cumulative timings: loss = (forward + loss) − forward, backward = (forward + loss + backward) −
 * (forward + loss). The steps are what {@code JavaBackend.trainStep} and {@code Trainer} run,
 * without the argument checks and the accuracy count.
 */
final class PhaseBench {
    private PhaseBench() {
    }

    /** As many images as Fashion-MNIST's training set: a batch gathered from it misses the caches as a real one does. */
    static final int IMAGES = 60_000;
    static final double LEARNING_RATE = 1e-3;

    /** Milliseconds per step of each phase; NaN and an error where it could not run. */
    record Result(String network, int batch, double dataMs, double forwardMs, double lossMs, double backwardMs,
                  double optimizerMs, double stepMs, String error) {

        /** The sum of the phases, which the shares are of. */
        double totalMs() {
            return dataMs + forwardMs + lossMs + backwardMs + optimizerMs;
        }

        /**
         * The phases from cumulative timings (forward, forward + loss, forward + loss + backward); a
         * difference that noise makes negative counts as 0.
         */
        static Result fromCumulative(String network, int batch, double dataMs, double forwardMs, double forwardLossMs,
                                     double forwardLossBackwardMs, double optimizerMs, double stepMs) {
            return new Result(network, batch, dataMs, forwardMs, Math.max(forwardLossMs - forwardMs, 0),
                    Math.max(forwardLossBackwardMs - forwardLossMs, 0), optimizerMs, stepMs, null);
        }

        static Result failed(String network, int batch, String error) {
            return new Result(network, batch, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, error);
        }
    }

    /**
     * The trainer's batch assembly ({@code Trainer.loop}): for each slot, {@link Dataset#copyImage} of
     * the next image of a shuffled order and {@link Task#fill} of its label, into the same arrays every
     * step; after the last full batch it starts the order again.
     */
    static final class Batches {
        final Dataset data;
        final NetworkSpec spec;
        final Task task = Task.classification();
        final int[] order;
        final int batch;
        final float[] input;
        final int[] labels;
        private int from;

        Batches(Dataset data, NetworkSpec spec, int batch, long seed) {
            this.data = data;
            this.spec = spec;
            this.batch = batch;
            this.order = new int[data.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Trainer.shuffle(order, Trainer.shuffler(seed));
            this.input = new float[batch * spec.input().intSize()];
            this.labels = new int[batch];
        }

        void next() {
            if (from + batch > order.length) {
                from = 0;
            }
            int inSize = spec.input().intSize();
            for (int i = 0; i < batch; i++) {
                int index = order[from + i];
                data.copyImage(index, input, i * inSize);
                task.fill(spec, data, index, i, labels, null);
            }
            from += batch;
        }
    }

    /** {@code images} images of the network's input shape, pixels in [0, 1), labels cycling through its classes. */
    static Dataset dataset(NetworkSpec spec, int images) {
        int size = spec.input().intSize();
        float[] pixels = new float[Math.multiplyExact(images, size)];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 7919 % 256) / 256f;
        }
        int classes = spec.output().intSize();
        int[] labels = new int[images];
        for (int i = 0; i < images; i++) {
            labels[i] = i % classes;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return new Dataset("synthetic/" + spec.simpleName(), spec.input(), pixels, labels, names);
    }

    static Result measure(String network, int batch, double seconds) {
        try {
            KilnModel model = KilnModels.find("dev.kiln.samples." + network);
            NetworkSpec spec = model.spec();
            Batches batches = new Batches(dataset(spec, IMAGES), spec, batch, Contestants.INIT_SEED);
            double data = LayerBench.millisPerCall(batches::next, seconds, false);

            JavaPass pass = model.newJavaPass();
            pass.plan(batch);
            float[] params = Initializers.initialize(spec, Contestants.INIT_SEED);
            float[] grads = new float[spec.parameterCount()];
            batches.next();
            float[] input = batches.input.clone();
            int[] labels = batches.labels.clone();
            double forward = LayerBench.millisPerCall(() -> pass.forward(params, input, batch, true, 1), seconds, false);
            double forwardLoss = LayerBench.millisPerCall(() -> {
                pass.forward(params, input, batch, true, 1);
                pass.loss(labels, null, batch);
            }, seconds, false);
            double forwardLossBackward = LayerBench.millisPerCall(() -> {
                pass.forward(params, input, batch, true, 1);
                pass.loss(labels, null, batch);
                Arrays.fill(grads, 0f); // JavaBackend zeroes the gradients before each backward
                pass.backward(params, grads, null, batch);
            }, seconds, false);

            // the update on copies, so that the forward timings above and below see the same weights
            Optimizer adam = new Optimizer(OptimizerConfig.adam().build(), spec.parameterCount());
            float[] updated = params.clone();
            double optimizer = LayerBench.millisPerCall(() -> adam.step(updated, grads, LEARNING_RATE), seconds, false);

            Optimizer stepAdam = new Optimizer(OptimizerConfig.adam().build(), spec.parameterCount());
            float[] trained = params.clone();
            long[] seed = {0};
            double step = LayerBench.millisPerCall(() -> {
                batches.next();
                pass.forward(trained, batches.input, batch, true, Trainer.dropoutSeed(Contestants.INIT_SEED, seed[0]++));
                double loss = pass.loss(batches.labels, null, batch);
                if (Double.isFinite(loss)) {
                    Arrays.fill(grads, 0f);
                    pass.backward(trained, grads, null, batch);
                    stepAdam.step(trained, grads, LEARNING_RATE);
                }
            }, seconds, false);
            return Result.fromCumulative(network, batch, data, forward, forwardLoss, forwardLossBackward, optimizer, step);
        } catch (RuntimeException | LinkageError e) {
            return Result.failed(network, batch, e.toString());
        }
    }
}
