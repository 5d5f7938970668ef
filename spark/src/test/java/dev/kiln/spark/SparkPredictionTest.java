package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Probabilities;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.tool.Kiln;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's predictions against the single-machine ones: the same class for each of the 10,000
 * Fashion-MNIST test images, from pixel rows and from PNG rows, the same probabilities, and the
 * same accuracy line as {@code kiln eval} prints for the same checkpoint.
 */
class SparkPredictionTest {
    @TempDir
    static Path dir;
    static Path checkpoint;
    static KilnModel model;
    static int[] expectedClass;
    static double[] expectedProbability;
    static String evalAccuracyLine;

    @BeforeAll
    static void trainBrieflyAndEvaluateOnOneMachine() {
        LocalSpark.requireFashionMnist();
        model = Models.find("LeNet5");
        // 300 steps of batch 64: about 0.8 accuracy, far from every class being predicted alike
        try (JavaBackend backend = new JavaBackend(model, OptimizerConfig.adam().build())) {
            new Trainer(backend, Task.classification(), TrainConfig.builder().epochs(1).validationFraction(0)
                    .maxStepsPerEpoch(300).seed(3).build()).fit(FashionRows.train(), null);
            float[] params = new float[model.spec().parameterCount()];
            backend.getParameters(params);
            checkpoint = dir.resolve("lenet5.safetensors");
            Checkpoints.save(checkpoint, model.spec(), params, Map.of());

            Dataset test = FashionRows.test();
            int n = test.size();
            int in = model.spec().input().intSize();
            int out = model.spec().output().intSize();
            expectedClass = new int[n];
            expectedProbability = new double[n];
            float[] outputs = new float[256 * out];
            float[] input = new float[256 * in];
            for (int start = 0; start < n; start += 256) {
                int count = Math.min(256, n - start);
                System.arraycopy(test.images(), start * in, input, 0, count * in);
                backend.predict(input, count, outputs);
                for (int i = 0; i < count; i++) {
                    expectedClass[start + i] = Task.classification().predictedClass(model.spec(), outputs, i * out);
                    float[] one = java.util.Arrays.copyOfRange(outputs, i * out, (i + 1) * out);
                    expectedProbability[start + i] = Probabilities.of(model.spec(), one)[expectedClass[start + i]];
                }
            }
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = Kiln.run(new String[] {"eval", "LeNet5", "--weights", checkpoint.toString(), "--backend", "java"},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, status, printed.toString(StandardCharsets.UTF_8));
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        evalAccuracyLine = lines.get(lines.size() - 1);
        assertTrue(evalAccuracyLine.startsWith("test accuracy: "), evalAccuracyLine);
    }

    @Test
    void pixelRowsGetKilnEvalsPredictionsForAllTenThousandTestImages() {
        checkAgainstOneMachine(false);
    }

    @Test
    void pngRowsDecodedOnTheExecutorsGetTheSamePredictions() {
        checkAgainstOneMachine(true);
    }

    private void checkAgainstOneMachine(boolean png) {
        SparkSession spark = LocalSpark.session();
        SparkClassifier classifier = SparkClassifier.of(spark, model, checkpoint).topK(3).batchSize(100);
        List<Row> rows = classifier.transform(FashionRows.rows(spark, true, 10_000, 3, png))
                .select("id", "label", SparkClassifier.PREDICTION, SparkClassifier.PROBABILITY, SparkClassifier.TOP_K)
                .collectAsList();
        assertEquals(10_000, rows.size());
        int right = 0;
        boolean[] seen = new boolean[10_000];
        for (Row r : rows) {
            int id = (int) r.getLong(0);
            seen[id] = true;
            int predicted = r.getInt(2);
            assertEquals(expectedClass[id], predicted, "test image " + id);
            assertEquals(expectedProbability[id], r.getDouble(3), 0.0, "probability of test image " + id);
            List<Row> top = r.getList(4);
            assertEquals(3, top.size());
            assertEquals(predicted, top.get(0).getInt(0), "top-1 is the prediction for image " + id);
            assertTrue(top.get(0).getDouble(1) >= top.get(1).getDouble(1) && top.get(1).getDouble(1) >= top.get(2).getDouble(1));
            if (predicted == r.getInt(1)) {
                right++;
            }
        }
        for (int i = 0; i < seen.length; i++) {
            assertTrue(seen[i], "image " + i + " came back");
        }
        assertEquals(evalAccuracyLine, String.format(Locale.ROOT, "test accuracy: %.4f", right / 10_000.0));
        assertTrue(right > 7_000, "a model trained 300 steps gets most images right: " + right);
    }

    @Test
    void kilnSparkEvalEndsWithKilnEvalsLine() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = Kiln.run(new String[] {"spark-eval", "LeNet5", "--weights", checkpoint.toString(), "--master", "local[2]"},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        String out = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        List<String> lines = out.lines().toList();
        assertEquals(evalAccuracyLine, lines.get(lines.size() - 1), out);
        assertTrue(out.contains("LeNet5 on fashion-mnist/test (10,000 images), Spark 3.5"), out);
    }

    @Test
    void eachExecutorLoadsTheModelOncePerCheckpointAndReusesItsBackends() {
        SparkSession spark = LocalSpark.session();
        SparkClassifier classifier = SparkClassifier.of(spark, model, checkpoint);
        classifier.transform(FashionRows.rows(spark, true, 2_000, 8, false)).count();
        classifier.transform(FashionRows.rows(spark, true, 2_000, 8, false)).count();
        Checkpoints.Loaded w = Checkpoints.loadAll(checkpoint, model.spec());
        ExecutorModels.Key key = new ExecutorModels.Key(model.spec().qualifiedName(),
                ModelState.weights(w.params(), w.state()).weightsHash());
        int built = ExecutorModels.backendsBuilt(key);
        // 16 tasks on two executor threads: one backend per thread at most, never one per task
        assertTrue(built >= 1 && built <= 2, built + " backends built for 16 tasks on 2 threads");
    }
}
