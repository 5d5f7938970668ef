package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.TrainConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LeNet-5 trained for one epoch on all 60,000 Fashion-MNIST training images on Spark (local[2],
 * two partitions), then evaluated on the 10,000 test images by batch inference on Spark.
 * Batch 256 and Adam at 0.003: 235 synchronous steps, each a Spark job. The same settings on one
 * machine reach 0.8403 ({@code ./kiln train LeNet5 --epochs 1 --batch 256 --lr 0.003 --validation 0}).
 */
class SparkLeNetEpochTest {
    @TempDir
    Path dir;

    static TrainConfig oneEpoch() {
        return TrainConfig.builder().epochs(1).batch(256).learningRate(0.003)
                .optimizer(OptimizerConfig.adam().build()).validationFraction(0).seed(0).build();
    }

    @Test
    void oneEpochOnSparkReachesTheSingleMachineAccuracy() {
        LocalSpark.requireFashionMnist();
        SparkSession spark = LocalSpark.session();
        KilnModel model = Models.find("LeNet5");
        SparkTrainer.Result r = SparkTrainer.of(spark, model, oneEpoch())
                .fit(FashionRows.rows(spark, false, 60_000, 2, false), "image", "label");
        assertEquals(235, r.steps());
        double accuracy = testAccuracy(spark, model, r.parameters(), dir);
        System.out.printf(Locale.ROOT, "LeNet-5, one epoch on Spark local[2], 2 partitions, batch 256: train loss %.4f,"
                + " test accuracy %.4f; %s%n", r.history().last().trainLoss(), accuracy, r.timeSplit());
        assertTrue(accuracy >= 0.82, "test accuracy " + accuracy);
    }

    /** Parameter averaging every k steps against synchronous gradients, same data and settings; prints the figures for docs/SPARK.md. */
    @Test
    @Tag("long")
    void parameterAveragingEveryKStepsAgainstSynchronousGradients() {
        LocalSpark.requireFashionMnist();
        SparkSession spark = LocalSpark.session();
        KilnModel model = Models.find("LeNet5");
        for (int[] run : new int[][] {{2, 0}, {2, 4}, {2, 16}, {4, 0}, {4, 16}}) {
            int partitions = run[0];
            {
                int k = run[1];
                SparkTrainer.Result r = SparkTrainer.of(spark, model, oneEpoch()).averageEvery(k)
                        .fit(FashionRows.rows(spark, false, 60_000, partitions, false), "image", "label");
                double accuracy = testAccuracy(spark, model, r.parameters(), dir);
                System.out.printf(Locale.ROOT, "%d partitions, %s: %d rounds, test accuracy %.4f; %s%n", partitions,
                        k == 0 ? "gradient sum every step" : "averaging every " + k + " steps", r.steps(), accuracy,
                        r.timeSplit());
            }
        }
    }

    static double testAccuracy(SparkSession spark, KilnModel model, float[] params, Path dir) {
        Path file = dir.resolve("spark-" + System.nanoTime() + ".safetensors");
        Checkpoints.save(file, model.spec(), params, Map.of());
        long right = SparkClassifier.of(spark, model, file).transform(FashionRows.rows(spark, true, 10_000, 2, false))
                .filter("prediction = label").count();
        return right / 10_000.0;
    }
}
