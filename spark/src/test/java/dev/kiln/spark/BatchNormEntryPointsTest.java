package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.optim.LearningRateSchedule;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.Probabilities;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Spark entry point against one machine for a batch-norm network (FashionResNet), whose
 * running mean and variance decide its predictions: the classifier API, {@code kiln spark-predict},
 * and training from rows ({@link SparkTrainer}) and from a folder ({@code kiln spark-train}) on one
 * partition, which must repeat {@link Trainer}'s run on a one-worker backend bit for bit, running
 * statistics and optimiser state included. ({@code kiln spark-eval} is checked on a real cluster
 * in {@link StandaloneClusterTest}.)
 */
class BatchNormEntryPointsTest {
    @TempDir
    static Path dir;
    static KilnModel model;
    static Path data;
    static Path checkpoint;
    static Checkpoints.Loaded weights;
    static Dataset test;
    static int[] expectedClass;
    static double[] expectedProbability;

    @BeforeAll
    static void weightsWithTrainedStatistics() {
        LocalSpark.requireFashionMnist();
        model = Models.find("FashionResNet");
        data = IdxFolders.write(dir.resolve("fashion-600"), 600, 300, false);
        test = FashionMnist.test(data);
        try (JavaBackend backend = new JavaBackend(model, OptimizerConfig.sgd().momentum(0.9).build())) {
            new Trainer(backend, Task.classification(), TrainConfig.builder().epochs(1).batch(32).learningRate(0.05)
                    .optimizer(OptimizerConfig.sgd().momentum(0.9).build()).validationFraction(0).maxStepsPerEpoch(8).build())
                    .silent().fit(FashionMnist.train(data), null);
            float[] params = new float[model.spec().parameterCount()];
            float[] state = new float[model.spec().stateCount()];
            backend.getParameters(params);
            backend.getState(state);
            weights = new Checkpoints.Loaded(params, state);
            checkpoint = dir.resolve("resnet.safetensors");
            Checkpoints.save(checkpoint, model.spec(), params, state,
                    Map.of(Checkpoints.CLASSES_KEY, Checkpoints.encodeNames(FashionMnist.CLASS_NAMES)));
            int out = model.spec().output().intSize();
            float[] outputs = new float[test.size() * out];
            backend.predict(test.images(), test.size(), outputs);
            expectedClass = new int[test.size()];
            expectedProbability = new double[test.size()];
            for (int i = 0; i < test.size(); i++) {
                expectedClass[i] = Task.classification().predictedClass(model.spec(), outputs, i * out);
                expectedProbability[i] = Probabilities.of(model.spec(), Arrays.copyOfRange(outputs, i * out, (i + 1) * out))
                        [expectedClass[i]];
            }
        }
    }

    @Test
    void theClassifierPredictsAsOneMachineWithTheCheckpointsRunningStatistics() {
        SparkSession spark = LocalSpark.session();
        List<Row> rows = SparkClassifier.of(spark, model, checkpoint).transform(FashionRows.rows(spark, true, 300, 2, false))
                .select("id", SparkClassifier.PREDICTION, SparkClassifier.PROBABILITY).collectAsList();
        assertEquals(300, rows.size());
        for (Row r : rows) {
            int id = (int) r.getLong(0);
            assertEquals(expectedClass[id], r.getInt(1), "test image " + id);
            assertEquals(expectedProbability[id], r.getDouble(2), 0.0, "probability of test image " + id);
        }
    }

    @Test
    void evaluationOnTheExecutorsGivesOneMachinesFigures() {
        Evaluation expected;
        try (JavaBackend backend = new JavaBackend(model, OptimizerConfig.adam().build())) {
            backend.setParameters(weights.params());
            backend.setState(weights.state());
            expected = Evaluation.evaluate(backend, test, Task.classification());
        }
        Evaluation e = SparkCluster.of(LocalSpark.session()).evaluate(model, weights,
                dev.kiln.runtime.cluster.ClusterData.at(data.toUri()));
        assertEquals(expected.count(), e.count());
        assertArrayEquals(expected.confusion(), e.confusion());
        assertEquals(expected.loss(), e.loss(), 1e-12);
    }

    @Test
    void sparkPredictWritesOneMachinesPredictions() throws IOException {
        Path out = dir.resolve("predicted");
        List<String> printed = StandaloneClusterTest.run(0, "spark-predict", "FashionResNet", "--weights", checkpoint.toString(),
                "--data", data.toString(), "--out", out.toString(), "--master", "local[2]", "--top", "2");
        assertEquals("test accuracy: " + String.format(java.util.Locale.ROOT, "%.4f", accuracy()), printed.get(printed.size() - 1));
        List<String> lines;
        try (Stream<Path> parts = Files.list(out)) {
            lines = parts.filter(p -> p.toString().endsWith(".csv")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().skip(1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(300, lines.size());
        for (String line : lines) {
            // path#index,label,prediction,class,probability,top
            String[] f = line.split(",", 6);
            int id = Integer.parseInt(f[0].substring(f[0].indexOf('#') + 1));
            assertEquals(expectedClass[id], Integer.parseInt(f[2]), line);
            assertEquals(FashionMnist.CLASS_NAMES.get(expectedClass[id]), f[3].replace("\"", ""), line);
            assertEquals(expectedProbability[id], Double.parseDouble(f[4]), 1e-15, line);
        }
    }

    private static double accuracy() {
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            right += expectedClass[i] == test.labels()[i] ? 1 : 0;
        }
        return right / (double) test.size();
    }

    /** The FashionResNet recipe as kiln train builds it (SGD with Nesterov momentum 0.9, weight decay, cosine), shortened. */
    private static TrainConfig recipe(Path checkpointDir) {
        return TrainConfig.builder().epochs(1).batch(32).learningRate(0.1)
                .optimizer(OptimizerConfig.sgd().momentum(0.9).nesterov(true).weightDecay(5e-4).build())
                .schedule(LearningRateSchedule.cosine(0)).seed(0).validationFraction(0.1).maxStepsPerEpoch(8).checkpointDir(checkpointDir)
                .build();
    }

    @Test
    void trainingOnOnePartitionRepeatsTheOneMachineRunStatisticsAndMomentsIncluded() throws IOException {
        Path oneDir = dir.resolve("one-machine");
        TrainConfig config = recipe(oneDir);
        Checkpoints.Loaded best;
        OptimizerState optimizer;
        try (JavaBackend one = new JavaBackend(model, config.optimizer(), new WorkerPool(1))) {
            new Trainer(one, Task.classification(), config).silent().fit(FashionMnist.train(data));
            best = Checkpoints.loadAll(oneDir.resolve("best.safetensors"), model.spec());
            optimizer = one.optimizerState();
        }
        // rows, one partition, the programmatic API
        org.apache.spark.sql.Dataset<Row> rows = FashionRows.rows(LocalSpark.session(), false, 600, 1, false);
        SparkTraining fromRows = SparkTrainer.of(LocalSpark.session(), model, recipe(null)).averageEvery(3)
                .training(rows, "image", "label");
        fromRows.fit();
        assertArrayEquals(best.params(), fromRows.finalState().params());
        assertArrayEquals(best.state(), fromRows.finalState().state(), "the running statistics came back from the executors");
        assertArrayEquals(optimizer.first(), fromRows.finalState().first(), "so did the momentum");

        // the folder read on the executors, one partition, the command line
        Path sparkDir = dir.resolve("spark-train");
        StandaloneClusterTest.run(0, "spark-train", "FashionResNet", "--data", data.toString(), "--epochs", "1", "--batch", "32",
                "--max-steps", "8", "--partitions", "1", "--average-every", "3", "--master", "local[2]", "--out", sparkDir.toString());
        Checkpoints.Loaded fromFolder = Checkpoints.loadAll(sparkDir.resolve("best.safetensors"), model.spec());
        assertArrayEquals(best.params(), fromFolder.params());
        assertArrayEquals(best.state(), fromFolder.state());
        boolean moved = false;
        for (float v : best.state()) {
            moved |= v != 0 && v != 1;
        }
        assertTrue(moved, "the statistics moved from their initial values");
    }
}
