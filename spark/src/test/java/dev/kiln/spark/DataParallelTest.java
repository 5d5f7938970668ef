package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.TrainListener;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingState;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training on Spark (local steps and averaging) against one machine: bit for bit with
 * one partition ({@link Trainer}'s run, validation, optimiser state and all); with three, bit for bit
 * against the algorithm docs/SPARK.md states, worked through here with plain backends; and, averaging
 * after every SGD step, against synchronous SGD over the same images computed without any averaging.
 */
class DataParallelTest {
    static KilnModel model;
    static Dataset first1000;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        LocalSpark.requireFashionMnist();
        model = Models.find("LeNet5");
        Dataset train = FashionRows.train();
        int n = 1000;
        int size = train.shape().intSize();
        first1000 = new Dataset("first 1000", train.shape(), Arrays.copyOf(train.images(), n * size),
                Arrays.copyOf(train.labels(), n), train.classNames());
    }

    private static TrainConfig config(OptimizerConfig optimizer, double lr, int batch, int epochs, int steps, double validation) {
        return TrainConfig.builder().optimizer(optimizer).learningRate(lr).batch(batch).epochs(epochs)
                .maxStepsPerEpoch(steps).validationFraction(validation).seed(5).build();
    }

    private static org.apache.spark.sql.Dataset<Row> rows(int partitions) {
        return FashionRows.rows(LocalSpark.session(), false, 1000, partitions, false);
    }

    @Test
    void onePartitionTrainsExactlyAsTheSingleMachineTrainer() {
        // two epochs of 15 steps (900 training images after the 10% validation split), averaging every 4 steps
        TrainConfig config = config(OptimizerConfig.adam().build(), 2e-3, 64, 2, 0, 0.1);
        SparkTraining run = SparkTrainer.of(LocalSpark.session(), model, config).averageEvery(4).training(rows(1), "image", "label");
        History spark = run.fit();
        try (JavaBackend one = new JavaBackend(model, config.optimizer(), new WorkerPool(1))) {
            History expected = new Trainer(one, Task.classification(), config).silent().fit(first1000);
            ModelState end = run.finalState();
            float[] params = new float[model.spec().parameterCount()];
            one.getParameters(params);
            assertArrayEquals(params, end.params(), "one shard, one worker: the same steps in the same order");
            OptimizerState optimizer = one.optimizerState();
            assertEquals(optimizer.steps(), end.optimizerSteps());
            assertArrayEquals(optimizer.first(), end.first());
            assertArrayEquals(optimizer.second(), end.second());
            for (int e = 0; e < 2; e++) {
                History.Epoch a = expected.epochs().get(e);
                History.Epoch b = spark.epochs().get(e);
                assertEquals(a.trainLoss(), b.trainLoss(), 1e-12, "epoch " + (e + 1) + " training loss");
                assertEquals(a.trainAccuracy(), b.trainAccuracy(), 0.0);
                assertEquals(a.validationAccuracy(), b.validationAccuracy(), 0.0, "validation on the same 100 images");
                assertEquals(a.validationLoss(), b.validationLoss(), 1e-12);
            }
        }
    }

    /**
     * Three uneven partitions (334, 333 and 333 images), a global batch of 48 (16 per partition) and Adam, averaging every
     * 4 steps over 12 steps: the result equals, bit for bit, the algorithm worked through below with three plain backends.
     */
    @Test
    void threePartitionsFollowTheLocalStepsAlgorithmBitForBit() {
        TrainConfig config = config(OptimizerConfig.adam().build(), 1e-3, 48, 1, 12, 0);
        SparkTraining run = SparkTrainer.of(LocalSpark.session(), model, config).averageEvery(4).training(rows(3), "image", "label");
        run.fit();
        ModelState expected = localSteps(config, 3, 4, false);
        assertArrayEquals(expected.params(), run.finalState().params());
        assertArrayEquals(expected.first(), run.finalState().first());
        assertArrayEquals(expected.second(), run.finalState().second());
        assertEquals(expected.optimizerSteps(), run.finalState().optimizerSteps());
        // and the check can fail: averaging the parameters alone (fresh moments after each average) is another run
        ModelState paramsOnly = localSteps(config, 3, 4, true);
        assertTrue(!Arrays.equals(paramsOnly.params(), run.finalState().params()));
    }

    /**
     * Averaging after every step of SGD with momentum, Nesterov and weight decay is synchronous SGD: each update is linear
     * in the gradient, so the image-weighted average of the partitions' updates (parameters and momentum) is the update
     * of the whole batch's mean gradient. Here that is computed directly, one backend stepping on the union of the
     * partitions' batches, with no averaging anywhere. The two differ only in the order of float sums: the check is
     * {@code |a - b| <= 1e-5 + 1e-4 |b|} per parameter after 5 steps, while one step less moves far more parameters.
     * Not after many more steps: there the rounding of any two summation orders (the synchronous run on one worker
     * against two) has flipped some ReLU or max-pool decision, and the runs part by up to 3.5e-5 after 10 steps and
     * 5.6e-3 after 20, the synchronous run against itself as much as against Spark (measured on LeNet-5 here).
     */
    @Test
    void averagingAfterEverySgdStepIsSynchronousSgdOverTheSameBatches() {
        OptimizerConfig sgd = OptimizerConfig.sgd().momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        TrainConfig config = config(sgd, 0.05, 48, 1, 5, 0);
        SparkTraining run = SparkTrainer.of(LocalSpark.session(), model, config).averageEvery(1).training(rows(3), "image", "label");
        run.fit();
        float[] actual = run.finalState().params();
        float[] expected = synchronous(config, 3, 5);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            worst = Math.max(worst, diff);
            assertTrue(diff <= 1e-5 + 1e-4 * Math.abs(expected[i]), "parameter " + i + ": Spark " + actual[i] + ", synchronous "
                    + expected[i]);
        }
        System.out.println("averaging every SGD step against synchronous SGD, 3 partitions, 5 steps: largest difference " + worst);
        float[] shorter = synchronous(config, 3, 4);
        int outside = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(shorter[i] - expected[i]) > 1e-5 + 1e-4 * Math.abs(expected[i])) {
                outside++;
            }
        }
        assertTrue(outside > expected.length / 10, outside + " parameters differ after one step less");
    }

    @Test
    void aRunStoppedAfterARoundResumesFromItsStateToTheSameBits() {
        TrainConfig config = config(OptimizerConfig.adam().build(), 1e-3, 48, 2, 8, 0.1).toBuilder().checkpointDir(dir).build();
        SparkTraining whole = SparkTrainer.of(LocalSpark.session(), model, config).averageEvery(3).training(rows(2), "image", "label");
        whole.fit();
        Path other = dir.resolve("stopped");
        TrainConfig again = config.toBuilder().checkpointDir(other).build();
        // a Spark job per round, so that the stop comes mid-epoch (barrier stages would hold the whole epoch's 8 steps)
        SparkTraining first = SparkTrainer.of(LocalSpark.session(), model, again).averageEvery(3).training(rows(2), "image", "label")
                .roundsPerJob(1);
        first.listen(new TrainListener() {
            @Override
            public void onStep(int epoch, int step, int steps, double loss, double accuracy, double imagesPerSecond) {
                if (epoch == 2 && step == 3) {
                    first.requestStop();
                }
            }
        });
        History stopped = first.fit();
        assertTrue(stopped.interrupted());
        assertEquals(2, stopped.interruptedEpoch());
        assertEquals(3, stopped.interruptedStep());
        SparkTraining rest = SparkTrainer.of(LocalSpark.session(), model, again).averageEvery(3).training(rows(2), "image", "label");
        rest.resumeFrom(TrainingState.read(other.resolve(TrainingState.FILE)));
        History resumed = rest.fit();
        assertEquals(2, resumed.epochs().size());
        assertArrayEquals(whole.finalState().params(), rest.finalState().params());
        assertArrayEquals(whole.finalState().second(), rest.finalState().second());
    }

    /**
     * Local steps as docs/SPARK.md states them, on plain backends: contiguous shards, local batches of ceil(batch / P),
     * each partition's own shuffle and dropout seeds, {@code k} steps from a common state, then the image-weighted average
     * of parameters and optimiser moments (or, with {@code paramsOnly}, of the parameters alone).
     */
    private static ModelState localSteps(TrainConfig config, int partitions, int k, boolean paramsOnly) {
        int n = first1000.size();
        int local = (config.batch() + partitions - 1) / partitions;
        int steps = config.maxStepsPerEpoch();
        float[] params = Initializers.initialize(model.spec(), config.seed());
        OptimizerState optimizer = null;
        for (int from = 0; from < steps; from += k) {
            double[] paramSum = new double[params.length];
            double[] firstSum = new double[params.length];
            double[] secondSum = new double[params.length];
            double images = 0;
            long maxSteps = 0;
            for (int p = 0; p < partitions; p++) {
                int lo = p * n / partitions;
                int hi = (p + 1) * n / partitions;
                Dataset shard = first1000.subset("p" + p, java.util.stream.IntStream.range(lo, hi).toArray());
                long seed = LocalSteps.partitionSeed(config.seed(), p);
                int[] order = LocalSteps.epochOrder(shard.size(), seed, 1);
                try (JavaBackend b = new JavaBackend(model, config.optimizer(), new WorkerPool(1))) {
                    b.setParameters(params);
                    if (optimizer != null && !paramsOnly) {
                        b.setOptimizerState(optimizer);
                    }
                    int seen = 0;
                    for (int j = from; j < Math.min(from + k, steps); j++) {
                        int count = Math.min(local, shard.size() - j * local);
                        float[] input = new float[count * 784];
                        int[] labels = new int[count];
                        for (int i = 0; i < count; i++) {
                            shard.copyImage(order[j * local + i], input, i * 784);
                            labels[i] = shard.labels()[order[j * local + i]];
                        }
                        b.trainStep(input, labels, null, count, config.learningRate(), Trainer.dropoutSeed(seed, j), null);
                        seen += count;
                    }
                    float[] q = new float[params.length];
                    b.getParameters(q);
                    OptimizerState s = b.optimizerState();
                    for (int i = 0; i < params.length; i++) {
                        paramSum[i] += (double) seen * q[i];
                        firstSum[i] += (double) seen * s.first()[i];
                        secondSum[i] += (double) seen * s.second()[i];
                    }
                    images += seen;
                    maxSteps = Math.max(maxSteps, s.steps());
                }
            }
            float[] first = new float[params.length];
            float[] second = new float[params.length];
            for (int i = 0; i < params.length; i++) {
                params[i] = (float) (paramSum[i] / images);
                first[i] = (float) (firstSum[i] / images);
                second[i] = (float) (secondSum[i] / images);
            }
            optimizer = new OptimizerState(maxSteps, first, second);
        }
        return new ModelState(params, new float[0], optimizer.steps(), optimizer.first(), optimizer.second());
    }

    /** Synchronous SGD: each step one update from the union of the partitions' local batches, as Spark would pick them. */
    private static float[] synchronous(TrainConfig config, int partitions, int steps) {
        int n = first1000.size();
        int local = (config.batch() + partitions - 1) / partitions;
        int[][] orders = new int[partitions][];
        for (int p = 0; p < partitions; p++) {
            orders[p] = LocalSteps.epochOrder((p + 1) * n / partitions - p * n / partitions, LocalSteps.partitionSeed(config.seed(), p), 1);
        }
        try (JavaBackend b = new JavaBackend(model, config.optimizer(), new WorkerPool(1))) {
            b.setParameters(Initializers.initialize(model.spec(), config.seed()));
            for (int j = 0; j < steps; j++) {
                float[] input = new float[config.batch() * 784];
                int[] labels = new int[config.batch()];
                int count = 0;
                for (int p = 0; p < partitions; p++) {
                    int lo = p * n / partitions;
                    for (int i = 0; i < local; i++) {
                        int index = lo + orders[p][j * local + i];
                        first1000.copyImage(index, input, count * 784);
                        labels[count++] = first1000.labels()[index];
                    }
                }
                b.trainStep(input, labels, null, count, config.learningRate(), 0, null);
            }
            float[] p = new float[model.spec().parameterCount()];
            b.getParameters(p);
            return p;
        }
    }
}
