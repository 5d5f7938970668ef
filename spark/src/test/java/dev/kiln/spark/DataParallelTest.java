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
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data-parallel training on Spark against {@link Trainer} on one machine, same images, same global
 * batches, same seed: bit for bit when one partition holds everything, and up to the order of
 * floating-point sums when the batch is split over partitions.
 */
class DataParallelTest {
    static KilnModel model;
    static Dataset first1000;

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

    @Test
    void aShardsGradientThenItsUpdateIsExactlyOneTrainingStep() {
        Dataset d = first1000;
        int size = d.shape().intSize();
        float[] input = Arrays.copyOf(d.images(), 32 * size);
        int[] labels = Arrays.copyOf(d.labels(), 32);
        float[] init = Initializers.initialize(model.spec(), 9);
        try (JavaBackend whole = new JavaBackend(model, OptimizerConfig.adam().build());
             JavaBackend split = new JavaBackend(model, OptimizerConfig.adam().build())) {
            whole.setParameters(init);
            split.setParameters(init);
            float[] grads = new float[model.spec().parameterCount()];
            for (int step = 0; step < 3; step++) {
                double a = whole.trainStep(input, labels, null, 32, 1e-3, step, null);
                double b = split.gradient(input, labels, null, 32, step, null, grads);
                split.applyGradient(grads, 1e-3);
                assertEquals(a, b, 0.0);
            }
            float[] p = new float[grads.length];
            float[] q = new float[grads.length];
            whole.getParameters(p);
            split.getParameters(q);
            assertArrayEquals(p, q);
        }
    }

    @Test
    void onePartitionTrainsExactlyAsTheSingleMachineTrainer() {
        TrainConfig config = config(OptimizerConfig.adam().build(), 1e-3, 64, 12);
        float[] expected = singleMachine(config, new WorkerPool(1));
        SparkTrainer.Result r = SparkTrainer.of(LocalSpark.session(), model, config)
                .fit(rows(1000, 1), "image", "label");
        assertArrayEquals(expected, r.parameters(), "one shard, one worker: the same sums in the same order");
        assertEquals(12, r.steps());
    }

    /**
     * Three uneven partitions (334, 333, 333 images) and a batch of 50, so shards hold 10 to 25
     * images of a batch. Each shard's gradient is its mean loss's, summed in float with its image
     * count as weight and divided by the batch on the driver: the same sum as one machine's,
     * rounded in another order. Each gradient element then differs by a few float32 ulps of the
     * sum of its terms' magnitudes (about 1e-7 relative); after 20 SGD steps at learning rate 0.05
     * that moves a parameter by far less than 1e-5. The check is {@code |a - b| <= 1e-5 + 1e-4 |b|}
     * per parameter, about a thousand times the changes summation order makes and a hundred times
     * smaller than what one step of training changes (a missing shard, a wrong weight or a batch
     * off by one image fails it, as the test below shows).
     */
    @Test
    void threePartitionsTrainAsOneMachineUpToSummationOrder() {
        TrainConfig config = config(OptimizerConfig.sgd().momentum(0.9).build(), 0.05, 50, 20);
        float[] expected = singleMachine(config, WorkerPool.shared());
        SparkTrainer.Result r = SparkTrainer.of(LocalSpark.session(), model, config).fit(rows(1000, 3), "image", "label");
        float[] actual = r.parameters();
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            worst = Math.max(worst, diff);
            assertTrue(diff <= 1e-5 + 1e-4 * Math.abs(expected[i]),
                    "parameter " + i + ": Spark " + actual[i] + ", one machine " + expected[i]);
        }
        System.out.println("three partitions against one machine, SGD, 20 steps: largest parameter difference " + worst);
        System.out.println("step time split (local[2], shared noisy machine): " + r.timeSplit());

        // the same run one step shorter is far outside the tolerance: the check can fail
        float[] shorter = singleMachine(config(OptimizerConfig.sgd().momentum(0.9).build(), 0.05, 50, 19), WorkerPool.shared());
        int outside = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(shorter[i] - expected[i]) > 1e-5 + 1e-4 * Math.abs(expected[i])) {
                outside++;
            }
        }
        assertTrue(outside > expected.length / 10, outside + " parameters differ after one step less");
    }

    @Test
    void adamOnThreePartitionsFollowsOneMachineToo() {
        TrainConfig config = config(OptimizerConfig.adam().build(), 1e-3, 50, 20);
        float[] expected = singleMachine(config, WorkerPool.shared());
        float[] actual = SparkTrainer.of(LocalSpark.session(), model, config).fit(rows(1000, 3), "image", "label")
                .parameters();
        double worst = 0;
        int far = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            worst = Math.max(worst, diff);
            if (diff > 1e-5 + 1e-4 * Math.abs(expected[i])) {
                far++;
            }
        }
        System.out.println("three partitions against one machine, Adam, 20 steps: largest difference " + worst + ", "
                + far + " parameters outside 1e-5 + 1e-4 |p|");
    }

    private static TrainConfig config(OptimizerConfig optimizer, double lr, int batch, int steps) {
        return TrainConfig.builder().optimizer(optimizer).learningRate(lr).batch(batch).epochs(1)
                .maxStepsPerEpoch(steps).validationFraction(0).seed(5).build();
    }

    private static float[] singleMachine(TrainConfig config, WorkerPool pool) {
        try (JavaBackend backend = new JavaBackend(model, config.optimizer(), pool)) {
            History h = new Trainer(backend, Task.classification(), config).fit(first1000, null);
            assertEquals(1, h.epochs().size());
            float[] p = new float[model.spec().parameterCount()];
            backend.getParameters(p);
            return p;
        }
    }

    private static org.apache.spark.sql.Dataset<Row> rows(int count, int partitions) {
        SparkSession spark = LocalSpark.session();
        return FashionRows.rows(spark, false, count, partitions, false);
    }
}
