package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.cluster.ClusterSession;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.TrainConfig;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * LeNet-5 trained for one epoch on all 60,000 Fashion-MNIST training images on Spark (local[2], two
 * partitions reading the installed IDX files on the executors, averaging every 32 steps), with
 * {@code kiln train}'s recipe (Adam 1e-3, batch 64, 10% validation), then tested on the 10,000 test
 * images on the executors.
 */
class SparkLeNetEpochTest {
    /**
     * A regression guard, not an independent figure: this run (the spark-train defaults on local[2]) reached 0.8538, and one
     * epoch of the same recipe on one machine 0.8563 ({@code kiln train LeNet5 --epochs 1}, seed 0; docs/SPARK.md). The bar
     * leaves 0.034 for another machine's rounding and fails when the averaging breaks (averaging once per epoch already
     * costs 0.011; a partition lost or optimiser moments left out cost far more).
     */
    static final double REGRESSION_GUARD = 0.82;

    @Test
    void oneEpochOnSparkReachesTheOneMachineAccuracy() {
        LocalSpark.requireFashionMnist();
        KilnModel model = Models.find("LeNet5");
        TrainConfig config = TrainConfig.builder().epochs(1).batch(64).learningRate(1e-3).seed(0).validationFraction(0.1).build();
        SparkCluster cluster = SparkCluster.of(LocalSpark.session());
        SparkTraining run = cluster.training(model, ClusterData.at(FashionMnist.DEBIAN_DIR.toUri()), config,
                new ClusterSession.Distribution(2, 32));
        History h = run.fit();
        Evaluation test = run.test();
        assertEquals(10_000, test.count());
        System.out.printf(Locale.ROOT, "LeNet-5, one epoch on Spark local[2], 2 partitions, averaging every 32 steps: train loss"
                + " %.4f, validation accuracy %.4f, test accuracy %.4f, %.1f s; %s%n", h.last().trainLoss(),
                h.last().validationAccuracy(), test.accuracy(), h.last().seconds(), run.times());
        assertTrue(test.accuracy() >= REGRESSION_GUARD, "test accuracy " + test.accuracy());
    }
}
